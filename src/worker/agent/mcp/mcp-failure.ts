import { AppError, type McpErrorCode } from '../../../shared/errors';

/** Every MCP failure, an AppError with an Mcp code: `message` is for the user and the model alike. */
export class McpFailure extends AppError {
  override readonly name = 'McpFailure';
  declare readonly code: McpErrorCode;

  constructor(code: McpErrorCode, message: string) {
    super(code, message);
  }
}
