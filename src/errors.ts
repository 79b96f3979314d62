// One error type for everything a user can fix: a bad article, config, template, font or output path.
// The CLI prints it as a single line "file:line:column message" and exits 1, never with a stack trace.

export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
}

export class UserError extends Error {
  readonly location: ErrorLocation;
  constructor(message: string, location: ErrorLocation = {}) {
    super(message);
    this.name = 'UserError';
    this.location = location;
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
