/** A capture group that may not have taken part in the match (TypeScript types them all as string). */
export function group(match: RegExpExecArray, index: number): string | undefined {
  return match.at(index);
}
