import { join } from 'node:path';
import { ROOT_DIR } from '../../src/paths';
import { findBoundaryViolations, listModules, readSources } from './module-boundaries';

describe('module boundaries', () => {
  it('hold in the source tree', () => {
    const modules = listModules(join(ROOT_DIR, 'src'));
    expect(modules).toContain('community');
    expect(findBoundaryViolations(readSources(ROOT_DIR), modules)).toEqual([]);
  });

  // The same check on a deliberately bad tree: proof that it can fail.
  describe('catch', () => {
    const modules = ['community', 'contacts'];

    it("an import of another module's entity, repository or service", () => {
      const violations = findBoundaryViolations(
        {
          'src/contacts/contacts.service.ts': "import { Membership } from '../community/membership.entity';",
          'src/contacts/contacts.controller.ts': "import { SpacesService } from '../community/spaces/spaces.service';",
          'src/contacts/lazy.ts': "const m = await import('../community/community.repository');",
        },
        modules,
      );
      expect(violations.map((violation) => violation.file)).toEqual([
        'src/contacts/contacts.service.ts',
        'src/contacts/contacts.controller.ts',
        'src/contacts/lazy.ts',
      ]);
    });

    it('an import of a module from the kernel', () => {
      const violations = findBoundaryViolations(
        { 'src/shared/auth/space.guard.ts': "import { CommunityQueries } from '../../community/community.queries';" },
        modules,
      );
      expect(violations).toHaveLength(1);
      expect(violations[0].rule).toMatch(/kernel/);
    });

    it('but not the allowed ways in', () => {
      const violations = findBoundaryViolations(
        {
          'src/contacts/contacts.module.ts': "import { CommunityModule } from '../community/community.module';",
          'src/contacts/contacts.service.ts':
            "import { CommunityQueries } from '../community/community.queries';\nimport { NotFound } from '../shared/errors';",
          'src/contacts/import/importer.ts': "import { Contact } from '../contact.entity';",
          'src/app.module.ts': "import { ContactsModule } from './contacts/contacts.module';",
        },
        modules,
      );
      expect(violations).toEqual([]);
    });
  });
});
