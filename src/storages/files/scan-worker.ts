/**
 * The entry of a thread that lists one tree (see `scan-aside.ts`): it scans, answers once with
 * the listing packed into flat lists, and ends.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { ignoreRulesOf } from "./ignore-rules.js";
import { packScan, type ScanRequest } from "./packed-scan.js";
import { scanTree } from "./scan-tree.js";

const { root, ignore } = workerData as ScanRequest;
parentPort?.postMessage(packScan(scanTree(root, ignoreRulesOf(ignore))));
