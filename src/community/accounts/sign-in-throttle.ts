/**
 * Sign-in throttling, as a pure function of the attempts of the last hour.
 *
 * - From a browser that never signed in to this account ("untrusted"): after 5 failures in
 *   15 minutes on one address or from one IP, wait 1 minute, then 2, 4, 8, up to 15: each
 *   new failure doubles the wait. And never more than 20 attempts an hour on one address,
 *   whatever the number of IPs.
 * - From a browser where this account signed in before (its device cookie), the same
 *   growing wait applies to that browser's own failures only. An attacker elsewhere can
 *   therefore slow himself down, never lock the owner out of their usual browser.
 *
 * The address is a hash of what was typed, so an address without an account is throttled
 * exactly like one with an account and the answers cannot tell them apart.
 */
export interface AttemptRecord {
  emailKey: string;
  ip: string;
  trustedDevice: boolean;
  succeeded: boolean;
  createdAt: Date;
}

export interface AttemptSubject {
  emailKey: string;
  ip: string;
  trustedDevice: boolean;
}

export const FREE_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const HOURLY_CAP = 20;
const HOUR_MS = 60 * 60 * 1000;
const MAX_WAIT_MS = 15 * 60 * 1000;

/** Failures since the last success, within the window, newest last. */
function recentFailures(attempts: AttemptRecord[], now: number): AttemptRecord[] {
  const sorted = [...attempts].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const lastSuccess =
    sorted
      .filter((attempt) => attempt.succeeded)
      .at(-1)
      ?.createdAt.getTime() ?? 0;
  return sorted.filter(
    (attempt) => !attempt.succeeded && attempt.createdAt.getTime() > Math.max(lastSuccess, now - FAILURE_WINDOW_MS),
  );
}

/** Milliseconds still to wait because of these failures (0: go ahead). */
function growingWait(failures: AttemptRecord[], now: number): number {
  if (failures.length < FREE_FAILURES) return 0;
  const wait = Math.min(60_000 * 2 ** (failures.length - FREE_FAILURES), MAX_WAIT_MS);
  return Math.max(0, failures.at(-1)!.createdAt.getTime() + wait - now);
}

/** How long this attempt must wait, in milliseconds; 0 lets it through. */
export function waitBeforeAttempt(subject: AttemptSubject, attempts: AttemptRecord[], now = Date.now()): number {
  const sameAddress = attempts.filter((attempt) => attempt.emailKey === subject.emailKey);
  if (subject.trustedDevice) {
    return growingWait(
      recentFailures(
        sameAddress.filter((attempt) => attempt.trustedDevice),
        now,
      ),
      now,
    );
  }
  const untrustedOnAddress = sameAddress.filter((attempt) => !attempt.trustedDevice);
  const untrustedFromIp = attempts.filter((attempt) => attempt.ip === subject.ip && !attempt.trustedDevice);
  const lastHour = untrustedOnAddress
    .filter((attempt) => attempt.createdAt.getTime() > now - HOUR_MS)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const hourlyWait =
    lastHour.length >= HOURLY_CAP ? lastHour[lastHour.length - HOURLY_CAP].createdAt.getTime() + HOUR_MS - now : 0;
  return Math.max(
    growingWait(recentFailures(untrustedOnAddress, now), now),
    growingWait(recentFailures(untrustedFromIp, now), now),
    hourlyWait,
  );
}
