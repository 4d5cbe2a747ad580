import type { TestApp } from './test-app';

// Apps booted by the current test file; e2e-setup checks their SQL after the file ran.
const booted: TestApp[] = [];

export function registerForTenancyCheck(app: TestApp) {
  booted.push(app);
}

export function bootedApps(): TestApp[] {
  return booted;
}
