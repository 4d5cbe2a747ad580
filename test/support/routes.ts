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
 * Fills `:param` placeholders; the sampler throws for a parameter it does not know, so a
 * new route cannot slip through a route-driven test.
 */
export function fillPath(path: string, sample: (path: string, param: string) => string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => encodeURIComponent(sample(path, name)));
}
