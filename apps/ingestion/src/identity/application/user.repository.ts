import { IdentityError, IdentityErrorCode } from '../domain/identity.error';
import type { User } from '../domain/user';

/** Where local accounts are kept (Redis, shared by every instance). */
export abstract class UserRepository {
  abstract get(id: string): Promise<User | undefined>;
  abstract findByName(name: string): Promise<User | undefined>;
  /** Fails with user_exists when the name is taken. */
  abstract create(user: User): Promise<void>;
  /** Fails with concurrent_change unless the stored version is `user.version - 1`. */
  abstract update(user: User): Promise<void>;
  abstract list(): Promise<User[]>;
  abstract count(): Promise<number>;

  /** The user, or user_not_found (404). */
  async require(id: string): Promise<User> {
    const user = await this.get(id);
    if (!user) throw new IdentityError(IdentityErrorCode.UserNotFound, `user "${id}" does not exist`);
    return user;
  }
}
