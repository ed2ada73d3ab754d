# SAM build targets (template.yaml: Metadata BuildMethod: makefile). `sam build` runs `make build-<LogicalId>`
# with ARTIFACTS_DIR set to that function's artifact folder. Every function ships the same Native AOT `bootstrap`
# (provided.al2023); its Handler setting picks the handler. Each target publishes on its own, so any one of them
# works alone; dotnet's incremental build makes the later ones quick when SAM builds in the source tree
# (`sam build --build-in-source`). scripts/publish-aot.sh also fails the build when the binary needs a glibc newer
# than 2.34 (provided.al2023's); the Dockerfile and the tests call the same script.
#
#   make build-RouteFunction ARTIFACTS_DIR=/tmp/route      then /tmp/route/bootstrap

PROJECT := src/HybridBatch.Bootstrap
FUNCTIONS := SplitFunction RouteFunction ProcessChunkFunction SubmitBatchJobFunction PollBatchJobFunction AggregateFunction

.PHONY: $(addprefix build-,$(FUNCTIONS)) check-artifacts-dir

# The route function sizes chunks with the cost model: a calibration (`hybridbatch calibrate --out cost-model.json`)
# at the repository root, or the file COST_MODEL names, ships next to bootstrap, where the function reads it. Every
# function gets the same recipe (one binary, one package; MakefileTests), so each carries the small file.
COST_MODEL ?= $(wildcard cost-model.json)

# Symbols and docs stay out of the package: only the binary and the librdkafka builds it loads are deployed.
# One static pattern rule for every function: `build-%` alone would also accept a mistyped LogicalId and build it,
# so the rule covers exactly the names in FUNCTIONS and any other `build-…` target is "No rule to make target".
$(addprefix build-,$(FUNCTIONS)): build-%: check-artifacts-dir
	./scripts/publish-aot.sh $(PROJECT) "$(ARTIFACTS_DIR)"
	rm -f "$(ARTIFACTS_DIR)"/*.dbg "$(ARTIFACTS_DIR)"/*.pdb "$(ARTIFACTS_DIR)"/*.xml
	if [ -n "$(COST_MODEL)" ]; then cp "$(COST_MODEL)" "$(ARTIFACTS_DIR)/cost-model.json"; fi

check-artifacts-dir:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is required: make build-<LogicalId> ARTIFACTS_DIR=DIR (sam build sets it)" >&2; exit 2; }
