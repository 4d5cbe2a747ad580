import { type AttemptRecord, waitBeforeAttempt } from './sign-in-throttle';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000);

function failures(count: number, overrides: Partial<AttemptRecord> = {}, startMinutesAgo = 10): AttemptRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    emailKey: 'ana',
    ip: '203.0.113.1',
    trustedDevice: false,
    succeeded: false,
    createdAt: minutesAgo(startMinutesAgo - index * 0.1),
    ...overrides,
  }));
}

const stranger = { emailKey: 'ana', ip: '203.0.113.1', trustedDevice: false };

describe('waitBeforeAttempt', () => {
  it('lets the first four failures through', () => {
    expect(waitBeforeAttempt(stranger, failures(4), NOW)).toBe(0);
  });

  it('makes the fifth failure wait one minute, then doubles the wait', () => {
    const five = failures(5, {}, 0.5);
    expect(waitBeforeAttempt(stranger, five, NOW)).toBeGreaterThan(50_000);
    expect(waitBeforeAttempt(stranger, five, NOW)).toBeLessThanOrEqual(60_000);
    const six = failures(6, {}, 0.6);
    expect(waitBeforeAttempt(stranger, six, NOW)).toBeGreaterThan(60_000);
    expect(waitBeforeAttempt(stranger, six, NOW)).toBeLessThanOrEqual(120_000);
    const many = failures(12, {}, 1.2);
    expect(waitBeforeAttempt(stranger, many, NOW)).toBeLessThanOrEqual(15 * 60_000);
  });

  it('forgets failures older than 15 minutes and those before a success', () => {
    expect(waitBeforeAttempt(stranger, failures(5, {}, 20), NOW)).toBe(0);
    const withSuccess = [...failures(5, {}, 5), { ...failures(1)[0], succeeded: true, createdAt: minutesAgo(1) }];
    expect(waitBeforeAttempt(stranger, withSuccess, NOW)).toBe(0);
  });

  it('throttles one IP trying many addresses', () => {
    const spread = Array.from({ length: 5 }, (_, index) => ({ ...failures(1, {}, 0.5)[0], emailKey: `user${index}` }));
    expect(waitBeforeAttempt({ ...stranger, emailKey: 'someone-else' }, spread, NOW)).toBeGreaterThan(0);
  });

  it('throttles one address tried from many IPs', () => {
    const spread = Array.from({ length: 5 }, (_, index) => ({ ...failures(1, {}, 0.5)[0], ip: `198.51.100.${index}` }));
    expect(waitBeforeAttempt({ ...stranger, ip: '192.0.2.9' }, spread, NOW)).toBeGreaterThan(0);
  });

  it('caps an address at 20 attempts an hour, however many IPs and however slowly', () => {
    const slow = Array.from({ length: 20 }, (_, index) => ({
      ...failures(1)[0],
      ip: `198.51.100.${index}`,
      // Three minutes apart: never 5 in a row within 15 minutes... except by count in the hour.
      succeeded: index % 4 === 3,
      createdAt: minutesAgo(59 - index * 3),
    }));
    const wait = waitBeforeAttempt({ ...stranger, ip: '192.0.2.9' }, slow, NOW);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60 * 60_000);
  });

  it('never locks the owner out of a browser they signed in from, whatever strangers do', () => {
    const attack = Array.from({ length: 30 }, (_, index) => ({
      ...failures(1, {}, 0.5)[0],
      ip: `198.51.100.${index}`,
    }));
    expect(waitBeforeAttempt({ ...stranger, trustedDevice: true }, attack, NOW)).toBe(0);
  });

  it("still slows down repeated failures from the owner's browser", () => {
    expect(
      waitBeforeAttempt({ ...stranger, trustedDevice: true }, failures(5, { trustedDevice: true }, 0.5), NOW),
    ).toBeGreaterThan(0);
  });
});
