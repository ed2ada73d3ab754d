#!/usr/bin/env python3
"""Measures bootstrap's cold start: from process start to the first invocation's answer reaching the Runtime API.

A local Runtime API (this script, on 127.0.0.1) hands each fresh bootstrap process one event; the clock starts just
before the process is spawned and stops when its /response (or /error) arrives. Prints every run and the median.
A measurement, not a test: run it on a quiet machine.

    scripts/measure-startup.py BOOTSTRAP [--handler route] [--event events/route.json] [--runs 20] [--setting NAME=VALUE ...]
    make build-RouteFunction ARTIFACTS_DIR=/tmp/hb && scripts/measure-startup.py /tmp/hb/bootstrap
"""
import argparse
import http.server
import os
import statistics
import subprocess
import threading
import time

PREFIX = "/2018-06-01/runtime/"


class RuntimeApi(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, event: bytes):
        super().__init__(("127.0.0.1", 0), Handler)
        self.event = event
        self.lock = threading.Lock()
        self.served = False
        self.answered = threading.Event()
        self.answered_at = 0.0
        self.answer = ""
        self.stop = threading.Event()

    def handle_error(self, request, client_address):
        # A killed bootstrap drops its waiting /next connection: expected, not worth a traceback.
        pass


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        api: RuntimeApi = self.server
        if self.path != PREFIX + "invocation/next":
            self.send_error(404)
            return
        with api.lock:
            first = not api.served
            api.served = True
        if not first:
            # One invocation per process: later polls wait until the process is killed.
            api.stop.wait(60)
            return
        self.send_response(200)
        self.send_header("Lambda-Runtime-Aws-Request-Id", "startup-measure")
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 60_000))
        self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:measure")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(api.event)))
        self.end_headers()
        self.wfile.write(api.event)

    def do_POST(self):
        api: RuntimeApi = self.server
        arrived = time.perf_counter()
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()
        api.answer = f"{self.path.rsplit('/', 1)[-1]}: {body[:120].decode(errors='replace')}"
        api.answered_at = arrived
        api.answered.set()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bootstrap")
    parser.add_argument("--handler", default="route")
    parser.add_argument("--event", default=os.path.join(os.path.dirname(__file__), "..", "events", "route.json"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--setting", action="append", default=[], help="NAME=VALUE for the function's environment")
    args = parser.parse_args()

    with open(args.event, "rb") as f:
        event = f.read()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "_HANDLER": args.handler,
        "AWS_LAMBDA_FUNCTION_NAME": "measure-" + args.handler,
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "measure",
        "AWS_SECRET_ACCESS_KEY": "measure",
    }
    for setting in args.setting:
        name, _, value = setting.partition("=")
        env[name] = value

    times = []
    for run in range(1, args.runs + 1):
        # A Runtime API of its own per run, so a killed process's last /next can never take the next one's event.
        api = RuntimeApi(event)
        threading.Thread(target=api.serve_forever, daemon=True).start()
        env["AWS_LAMBDA_RUNTIME_API"] = f"127.0.0.1:{api.server_address[1]}"
        started = time.perf_counter()
        process = subprocess.Popen([args.bootstrap], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not api.answered.wait(30):
            process.kill()
            raise SystemExit(f"run {run}: no answer within 30 s")
        elapsed = (api.answered_at - started) * 1000
        process.kill()
        process.wait()
        api.stop.set()
        api.shutdown()
        api.server_close()
        times.append(elapsed)
        print(f"run {run:2}: {elapsed:6.1f} ms  ({api.answer})")

    print(f"{args.handler}: median {statistics.median(times):.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms over {len(times)} runs")


if __name__ == "__main__":
    main()
