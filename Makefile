# Build targets for `sam build` (BuildMethod: makefile, one target per logical id in infra/template.yaml)
# and for `npm run build`. SAM sets ARTIFACTS_DIR; the working directory is the repository root
# (the template's ProjectRootDirectory). Needs `npm ci` to have run.
BUILD := node --import tsx --conditions=source

.PHONY: build-ItemsFunction build-HistoryFunction build-DependenciesLayer

build-ItemsFunction:
	$(BUILD) build/src/bundle-function.ts ItemsFunction "$(ARTIFACTS_DIR)"

build-HistoryFunction:
	$(BUILD) build/src/bundle-function.ts HistoryFunction "$(ARTIFACTS_DIR)"

build-DependenciesLayer:
	$(BUILD) build/src/bundle-layer.ts "$(ARTIFACTS_DIR)"
