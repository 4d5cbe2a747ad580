import type { MembershipContext, SessionAccount, SpaceContext } from './directories';
import type { Role } from './roles';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // passport's req.user is the account restored from the session.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionAccount {}
    interface Request {
      space?: SpaceContext;
      membership?: MembershipContext;
    }
  }
}

/** The actor of a space request: who, in which space, with which role. */
export interface Actor {
  accountId: string;
  name: string;
  email: string;
  spaceId: string;
  role: Role;
}
