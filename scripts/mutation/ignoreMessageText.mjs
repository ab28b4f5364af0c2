// A StrykerJS ignorer: the text of a verdict's or error's `message` (a sentence for people) is not mutated.
// Its wording is pinned by the CLI's snapshot tests; mutating each word of it would multiply the run time (a
// surviving mutant runs every test that reaches it) without testing any decision. Mutants inside it are
// reported as "ignored" with this reason, never counted as killed.
import { PluginKind, declareValuePlugin } from "@stryker-mutator/api/plugin";

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, "message-text", {
    shouldIgnore(path) {
      const { node } = path;
      if (node.type !== "ObjectProperty" || node.computed) return undefined;
      const key = node.key.type === "Identifier" ? node.key.name : node.key.type === "StringLiteral" ? node.key.value : undefined;
      return key === "message" ? "the wording of a message for people (pinned by snapshot tests, not a decision)" : undefined;
    },
  }),
];
