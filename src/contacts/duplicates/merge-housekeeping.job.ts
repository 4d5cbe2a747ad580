import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JobsService } from '../../shared/jobs/jobs.service';
import { UNDO_DAYS } from './merge-history.repository';

const JOB = 'contacts.merge-housekeeping';

/**
 * Once a merge can no longer be undone, what it kept for the undo is personal data with
 * no purpose left: the merged contacts (hidden since the merge, their history moved to the
 * master) are deleted, and the snapshot emptied. The merge stays in the history.
 */
@Injectable()
export class MergeHousekeepingJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit() {
    this.jobs.define({ name: JOB, handle: () => this.run() });
    this.jobs.every(JOB, '41 3 * * *');
  }

  async run(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `/* cross-space: housekeeping of every space's expired merges */
         DELETE FROM contacts c USING contact_merges m
         WHERE c.space_id = m.space_id AND c.id = ANY(m.merged_ids) AND c.merged_into IS NOT NULL
           AND m.undone_at IS NULL AND m.created_at < now() - interval '${UNDO_DAYS} days'`,
      );
      await manager.query(
        `/* cross-space: housekeeping of every space's expired merges */
         UPDATE contact_merges SET snapshot = '{}'
         WHERE created_at < now() - interval '${UNDO_DAYS} days' AND snapshot <> '{}'`,
      );
    });
  }
}
