import type { INestApplication } from '@nestjs/common';

export interface RouteInfo {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route the application answers, read from Express's router after Nest mounted them. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  const routes: RouteInfo[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const [method, enabled] of Object.entries(layer.route.methods)) {
      if (enabled && method !== '_all') routes.push({ method: method.toUpperCase(), path: layer.route.path });
    }
  }
  return routes;
}

/**
 * Fills `:param` placeholders from a table of sample values; a parameter nobody gave a
 * sample for fails loudly, so a new route cannot slip through a route-driven test.
 */
export function fillPath(path: string, samples: Record<string, string>): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const sample = samples[name];
    if (sample === undefined) throw new Error(`No sample value for :${name} in ${path}: add one to the test's samples`);
    return encodeURIComponent(sample);
  });
}
