#!/usr/bin/env node
/** The `k8s-builders` command of the package (`bin`): see crd-import/cli.ts. */
import { main } from "../crd-import/cli.ts";

process.exitCode = main(process.argv.slice(2));
