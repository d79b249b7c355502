import { Inject, Injectable } from '@nestjs/common';
import { SessionTokens } from './session-tokens';

/** Ends the session of a refresh token (logout); unknown tokens are ignored. */
@Injectable()
export class LogoutUseCase {
  constructor(@Inject(SessionTokens) private readonly sessions: SessionTokens) {}

  execute(refreshToken: string): Promise<void> {
    return this.sessions.end(refreshToken);
  }
}
