// The error of a process that cannot run as configured: a setting it cannot read, or a store declared
// in a way it cannot serve. It lives here, below both records/ and dynamodb/, so that reading the
// connection's settings (dynamodb/) needs nothing from the records built on it.

/** A setting that is missing or cannot be read (`setting` names it), or a configuration no store can serve. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(
    message: string,
    /** The environment variable refused, when one is. */
    readonly setting?: string,
  ) {
    super(message);
  }
}
