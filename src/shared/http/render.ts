import type { Response } from 'express';

/** Promise wrapper around Express's callback-style render. */
export function renderView(res: Response, view: string, data: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    res.render(view, data, (error: Error | null, html: string) => (error ? reject(error) : resolve(html)));
  });
}
