/**
 * Typed public errors of the board: each carries its HTTP status, and the server turns them
 * into a JSON response in one place (server.ts). Anything else is a bug and becomes a 500.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly userFacing = true;
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string) {
    super(400, message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message: string) {
    super(403, message);
  }
}
