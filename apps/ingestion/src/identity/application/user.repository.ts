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
}
