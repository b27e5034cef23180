// First: records whether this test file can depend on the database (STANZA_DB_USE_LOG, set by scripts/test-all.mjs).
import "./db-use";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalDiskStorage, setStorage } from "@/lib/storage";

// Every test file writes attachments to its own temporary folder.
setStorage(new LocalDiskStorage(mkdtempSync(path.join(os.tmpdir(), "stanza-test-files-"))));
