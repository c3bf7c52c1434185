import { test } from "node:test";
import assert from "node:assert/strict";
import { typedAgents } from "./merge.js";

test("typed agents of an event's reports: sorted union, absent when no report has any", () => {
  assert.deepEqual(
    typedAgents([
      { actor_agents: ["Nigeria police (COP)"] },
      { actor_agents: ["Lagos students (EDU)", "Nigeria police (COP)"], target_agents: ["protesters (OPP)"] },
    ]),
    {
      actor_agents: ["Lagos students (EDU)", "Nigeria police (COP)"],
      target_agents: ["protesters (OPP)"],
    },
  );
  assert.deepEqual(typedAgents([{}, { actor_agents: [] }]), {});
});
