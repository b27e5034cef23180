import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalDiskStorage, setStorage } from "@/lib/storage";

// Every test file writes attachments to its own temporary folder.
setStorage(new LocalDiskStorage(mkdtempSync(path.join(os.tmpdir(), "stanza-test-files-"))));
