// Loaded with `node --import` into a CLI process a crash test starts (spawnCli's `failpoint`): kills the process
// (SIGKILL) right after the anchor step named by AIATTEST_FAILPOINT is durable. Test-only: the published CLI only
// publishes its step events on the `aiattest:anchor-step` diagnostics channel, and nothing there kills anything.
import { subscribe } from "node:diagnostics_channel";
import type { AnchorStepEvent } from "../../../sdk/src/pipeline/anchorer/AnchorContext.js";

const failpoint = process.env.AIATTEST_FAILPOINT;

subscribe("aiattest:anchor-step", (message) => {
  if ((message as AnchorStepEvent).step === failpoint) process.kill(process.pid, "SIGKILL");
});
