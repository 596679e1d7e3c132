/**
 * Excel sorts one column alone when its "expand the selection" warning is answered the other way:
 * that column's cells then run in order while every other column stays where it was, so each row
 * pairs one person's ID number (or mobile) with another person's name. A column is suspect when
 * its values, in file order, all run one way; the import then looks at how many rows disagree
 * with the roster (see `misalignedBatch`).
 */
export class SortedRun {
  private previous: string | null = null;
  private ascending = true;
  private descending = true;
  private values = 0;

  add(value: string): void {
    if (!value) return;
    if (this.previous !== null) {
      if (value < this.previous) this.ascending = false;
      else if (value > this.previous) this.descending = false;
    }
    this.previous = value;
    this.values += 1;
  }

  /** All values so far (at least `minimum` of them) in one order. */
  isSorted(minimum = 10): boolean {
    return this.values >= minimum && (this.ascending || this.descending);
  }
}

/**
 * Whether a batch of a file with a sorted key column looks misaligned: at least three rows, and
 * at least half the rows that found a member on the roster, name another member (a different name
 * for the ID number, or a mobile held by someone else). A file that only happens to be in ID order
 * agrees with the roster; one sorted alone disagrees on almost every row it shares with it. A
 * roster the import has never seen gives nothing to compare with, so that case goes unnoticed.
 */
export function misalignedBatch(outcome: {
  staged: number;
  created: number;
  rejected: readonly { messageKey: string }[];
}): number | null {
  const disagreeing = outcome.rejected.filter(
    (r) => r.messageKey === 'import.name_conflict' || r.messageKey === 'import.mobile_taken',
  ).length;
  const matched = outcome.staged - outcome.created - (outcome.rejected.length - disagreeing);
  return disagreeing >= 3 && disagreeing * 2 >= matched ? disagreeing : null;
}
