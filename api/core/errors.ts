/**
 * The few coded errors core throws. The HTTP layer maps each to one problem+json shape
 * (RFC 9457); the CLI prints `message` and exits non-zero. Core never knows about HTTP.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `components.abc123` or `detected_at`. */
  field: string;
  message: string;
}

export class ShiraseError extends Error {
  readonly code: 'not_found' | 'conflict' | 'validation' | 'policy';
  readonly issues: FieldIssue[];
  constructor(code: ShiraseError['code'], message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = 'ShiraseError';
    this.code = code;
    this.issues = issues;
  }
}

export class NotFoundError extends ShiraseError {
  constructor(what: string, id: string) {
    super('not_found', `No ${what} has the id "${id}".`);
  }
}

export class ConflictError extends ShiraseError {
  constructor(message: string, issues: FieldIssue[] = []) {
    super('conflict', message, issues);
  }
}

export class ValidationError extends ShiraseError {
  constructor(issues: FieldIssue[], message = issues.map((i) => `${i.field}: ${i.message}`).join('; ')) {
    super('validation', message, issues);
  }
}

/** A rule of the service-level policy refused the request (e.g. too little notice); `details` say by how much. */
export class PolicyError extends ShiraseError {
  readonly details: Record<string, unknown>;
  constructor(message: string, issues: FieldIssue[], details: Record<string, unknown> = {}) {
    super('policy', message, issues);
    this.details = details;
  }
}
