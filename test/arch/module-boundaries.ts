import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** Folders of `src/` that are the kernel, not feature modules: they may import no module. */
export const KERNEL_DIRS = ['shared', 'config', 'database'];

export interface BoundaryViolation {
  file: string;
  imports: string;
  rule: string;
}

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

/**
 * A module reads another through its `<name>.queries.ts` and wires it through its
 * `<name>.module.ts`; any other import across modules is a violation, and so is any
 * import of a module from the kernel. Files directly in `src/` compose the app and may
 * import anything. `files` maps paths relative to the project (`src/x/y.ts`) to sources.
 */
export function findBoundaryViolations(files: Record<string, string>, modules: string[]): BoundaryViolation[] {
  const violations: BoundaryViolation[] = [];
  for (const [file, source] of Object.entries(files)) {
    const owner = topFolder(file);
    if (!owner) continue;
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (!specifier.startsWith('.')) continue;
      const target = normalize(join(dirname(file), specifier)).replace(/\\/g, '/');
      const targetModule = topFolder(`${target}.ts`);
      if (!targetModule || targetModule === owner || !modules.includes(targetModule)) continue;
      if (KERNEL_DIRS.includes(owner)) {
        violations.push({ file, imports: specifier, rule: `the kernel (${owner}) may not import a module` });
        continue;
      }
      const entry = target.split('/').slice(2).join('/');
      if (entry !== `${targetModule}.queries` && entry !== `${targetModule}.module`) {
        violations.push({
          file,
          imports: specifier,
          rule: `only ${targetModule}.queries and ${targetModule}.module may be imported from another module`,
        });
      }
    }
  }
  return violations;
}

/** `src/contacts/x/y.ts` → `contacts`; files directly under `src/` → null. */
function topFolder(file: string): string | null {
  const parts = file.split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : null;
}

/** Feature modules: folders of `src/` with a `<name>.module.ts`, kernel excluded. */
export function listModules(srcDir: string): string[] {
  return readdirSync(srcDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !KERNEL_DIRS.includes(entry.name))
    .filter((entry) => existsSync(join(srcDir, entry.name, `${entry.name}.module.ts`)))
    .map((entry) => entry.name);
}

export function readSources(rootDir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts'))
        result[relative(rootDir, path).replace(/\\/g, '/')] = readFileSync(path, 'utf8');
    }
  };
  walk(join(rootDir, 'src'));
  return result;
}
