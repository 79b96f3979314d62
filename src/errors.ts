// One error type for everything a user can fix: a bad article, config, template, font or output path.
// The CLI prints it as a single line "file:line:column message" and exits 1, never with a stack trace.

export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
  /** The source line itself, shown under the error with a caret at `column`. */
  excerpt?: string;
}

export class UserError extends Error {
  readonly location: ErrorLocation;
  /** Further problems found in the same pass (e.g. every mistake in a config), each its own line. */
  readonly others: readonly UserError[];
  constructor(message: string, location: ErrorLocation = {}, others: readonly UserError[] = []) {
    super(message);
    this.name = 'UserError';
    this.location = location;
    this.others = others;
  }

  /** One error standing for several, so a user fixes them all in one round. */
  static all(errors: readonly UserError[]): UserError {
    const [first, ...rest] = errors;
    if (!first) throw new Error('UserError.all needs at least one error');
    return new UserError(first.message, first.location, rest);
  }

  /** This error and the others, one line each. */
  toLines(): string[] {
    return [this.toLine(), ...this.others.map((e) => e.toLine())];
  }

  /** The source line and a caret under the column, when both are known: «  3 | text» / «    |   ^». */
  excerptLines(): string[] {
    const { line, column, excerpt } = this.location;
    if (excerpt === undefined || line === undefined || column === undefined) return [];
    const gutter = String(line);
    const visible = excerpt.replace(/\t/g, ' ');
    return [`  ${gutter} | ${visible}`, `  ${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, column - 1))}^`];
  }

  /** "file:line:column message", omitting the parts we do not know. */
  toLine(): string {
    const { file, line, column } = this.location;
    let where = file ?? '';
    if (file && line !== undefined) where += `:${line}`;
    if (file && line !== undefined && column !== undefined) where += `:${column}`;
    return where ? `${where} ${this.message}` : this.message;
  }
}
