/** The rules shipped in the packs, as rule management sees them: their Sigma text by id. */
export abstract class PackRules {
  /** The Sigma text of the pack's detection rule with this id, if the pack has one. */
  abstract textOf(id: string): string | undefined;
}
