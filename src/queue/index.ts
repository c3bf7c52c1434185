/**
 * Distributed ingest: a PostgreSQL-backed job queue (pg-boss) that spreads input files over any
 * number of worker processes on any number of machines, all writing to one PostgreSQL store.
 *
 *   enqueueIngest(db, ["corpus/"])          → one job per file
 *   runWorker({ db, concurrency, process })  → pulls jobs, retries, parks failures
 *   queueStatus(db)                          → queued / active / done / failed
 */
export { enqueueIngest, expandQueueInputs } from "./enqueue.js";
export { runWorker } from "./worker.js";
export type { WorkerEvent, WorkerOptions } from "./worker.js";
export { queueStatus } from "./status.js";
export { createIngestProcessor, statusFromSummary } from "./process.js";
export type { FailedJob, QueueStatus, QueueStatusOptions } from "./status.js";
export { INGEST_QUEUE, resolveQueueOptions } from "./boss.js";
export type { QueueOptions } from "./boss.js";
