namespace HybridBatch.Cli;

/// <summary>The text of <c>hybridbatch help</c>.</summary>
internal static class HelpText
{
    public const string Text = """
        hybridbatch: validate a large record file, split it, route each chunk to Lambda or Batch, publish, report.

        Commands
          demo      [--records 1000000] [--out out]          generate sample orders and run them end to end
          run FILE  [--schema S] [options]                   the whole flow on this machine
          plan FILE [--schema S] [options] [--simulate aws [--records N]]
                                                             split and route only: the chunks, routes, cost and an
                                                             estimate of the local run; --simulate aws also projects
                                                             an AWS run with the template's settings (wall time, cost
                                                             by service, critical path), --records N of a file of N
                                                             records like this one
          calibrate [--destination D] [--records 500000] [--out out/cost-model.json]
                                                             measure this build's records/s per core (scan, split,
                                                             process, publishing to each reachable destination) and
                                                             write them as the cost model plan and run read
          validate  --bucket B --key K [--schema S] [--run-id R] [options]
                                                             the split as the Batch validation job runs it; with
                                                             --run-id, exit 4 when the object is no longer that run's
          process   --work W --run-id R --chunk-id N [--start-index A --end-index B] [--watch-parent] [--out DIR]
                                                             one chunk, as the Batch processing job runs it; with
                                                             --watch-parent (how run starts it) it stops when its
                                                             standard input closes, i.e. when its runner is gone;
                                                             with a work bucket, --destination file writes under --out
          generate  --out FILE [--schema orders] [--records N] [--invalid-rate 0.01] [--seed 42]
                    [--row-group-rows 10000]                 .parquet (or --format parquet): one column per scalar
                                                             property, row groups of that many rows
          bench     [--records 1000000] [--python-records 200000] [--repetitions 3] [--destination discard|kafka]
                    [--large [--large-records 10000000]]
                                                             throughput next to baselines measured in the same run;
                                                             whole plan and run processes next to ajv and Python;
                                                             --large: one timed run --destination file of a large file;
                                                             kafka: publishing next to kcat on a local mock cluster
                                                             --threads N: the split's scaling from 1 to N threads (default: cores)
          invoke HANDLER [--timeout-seconds 900] < event.json
                                                             one Lambda handler (split, route, process-chunk, submit-batch-job,
                                                             poll-batch-job, aggregate) in this process, with the function
                                                             settings from the environment; the response JSON on stdout, logs
                                                             on stderr; on failure exit 2 (HybridBatch.Configuration),
                                                             3 (ValidationFailed), 4 (ChunkFailed), 75 (Transient, Timeout), else 1

        Options of run, plan, validate and demo
          --schema S                  a sample (orders, customers, inventory) or a JSON Schema file; without it,
                                      every well-formed record is accepted (CSV fields as strings)
          --format jsonl|csv|parquet|auto
                                      default (auto): from the file name (.jsonl .ndjson .json .csv .tsv, optional .gz .zst;
                                      .parquet)
          --delimiter C               CSV delimiter ('tab' for a tab); default ',' (.tsv: tab); refused for JSON Lines
          --csv-quotes lenient|strict a quote opens a quoted field only as a field's first character; elsewhere, and
                                      text after a closing quote ("ab"c), is taken literally (lenient, the default,
                                      as Python's csv) or rejects that record (strict). The plan carries it to workers
          --format-assertion on|off   on (default): format date-time, date, time, duration, email, hostname, ipv4,
                                      ipv6, uri, uri-reference, uuid is checked; off: annotations only, as JSON
                                      Schema 2020-12 says. Unknown formats are annotations (a warning). The plan
                                      carries it to workers
          --destination D             file (default), stdout or discard; env RECORD_DESTINATION
          --chunk-records N           records per chunk (default 290000, the threshold; demo 300000)
          --threshold N               chunks of at most N records run on Lambda (default 290000; env BATCH_PROCESSING_THRESHOLD)
          --policy threshold|cost     route by record count (default) or by the cheaper estimate that fits the Lambda timeout
          --lambda-concurrency N      Lambda-route chunks at once, in process (default: the number of cores)
          --batch-concurrency N       Batch-route chunks at once, as child processes (default 2)
          --key-field F               top-level field used as message key (default: the record identity runId:index)
          --step-records N            commit a chunk's publishing every N records (default 50000; env STEP_RECORDS)
          --step-seconds S            ... or every S seconds, whichever first (default 60; env STEP_SECONDS)
          --revalidate                workers validate every record again instead of skipping the split's listed
                                      rejects (the bytes are checked against the split's hashes either way; env REVALIDATE)
          --max-error-rate R          validation gate: largest share of rejected records (default 0.01)
          --max-rejected N            validation gate: largest number of rejected records (default: no limit)
          --max-record-bytes N        longer records are rejected (default 1048576)
          --max-depth N               JSON records nesting deeper are rejected (default 64, at most 1000)
          --threads N                 the split validates uncompressed input on N threads (default: the number of
                                      cores; 1 to 256); gzip input is one stream (decompression runs ahead on a
                                      second thread)
          --strict-keywords           refuse a schema keyword JSON Schema 2020-12 does not define (default: an
                                      annotation, listed once in a warning)
          --tolerated-failure-percentage P   share of chunks that may fail with the run still succeeding (default 0)
          --cost-model FILE           the cost model (a calibrate file); default: DIR/cost-model.json of --out when
                                      present, else built-in defaults; the report says which
          --out DIR                   where runs/{runId}/ is written (default out). One run of a file into a folder
                                      at a time (another exits 75 naming the holder); a re-run resumes the earlier
                                      one with the same settings, says so, and refuses other settings (exit 2)
          --force                     run and plan: publish the file again as a new attempt, run {runId}-a2, -a3, …
                                      (without it a finished run is not published again: it prints its report, exit 0)

        Exit codes
          0   success
          1   unexpected error (a bug), or no space left on device (not retried)
          2   bad command line, setting, permission or missing input (not retryable)
          3   invalid input: the validation gate failed or the schema does not load; nothing was published (not retryable)
          4   a chunk failed for a data reason, or a run ended with failed chunks (not retryable)
          75  interrupted by SIGTERM (spot reclaim, job timeout, terminate) or SIGINT, another run holds the lock, or
              chunks failed for reasons another attempt fixes (transient, killed, never reported): retry

        """;
}
