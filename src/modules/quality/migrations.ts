import type { Kysely, Migration } from 'kysely';

type Col = [name: string, type: 'text' | 'integer', notNull?: boolean];

/** This module's migrations; names carry the global sequence number (see src/db/migrations.ts). */
export const qualityMigrations: Record<string, Migration> = {
  '0090_quality': {
    async up(db: Kysely<any>) {
      // Plain columns listed compactly; keys and references are added per table below.
      const table = (name: string, cols: Col[]) => {
        let t = db.schema.createTable(name);
        for (const [c, type, nn] of cols) t = t.addColumn(c, type, (b) => (nn ? b.notNull() : b));
        return t;
      };
      await table('quality_scorecards', [['key', 'text', true], ['version', 'integer', true], ['name', 'text', true], ['description', 'text'], ['definition_json', 'text', true], ['current', 'integer', true], ['created_at', 'text', true]])
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addUniqueConstraint('quality_scorecards_version_uq', ['org_id', 'key', 'version'] as never[])
        .execute();

      await table('quality_plans', [['name', 'text', true], ['seed', 'integer', true], ['period_from', 'text', true], ['period_to', 'text', true], ['config_json', 'text', true], ['stats_json', 'text', true], ['created_at', 'text', true]])
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.references('projects.id'))
        .addColumn('scorecard_id', 'text', (c) => c.notNull().references('quality_scorecards.id'))
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .execute();

      await table('quality_evaluations', [
        ['subject_kind', 'text', true], ['subject_id', 'text', true], ['occurred_at', 'text'], ['plan_item_id', 'text'], ['state', 'text', true],
        ['answers_json', 'text'], ['result_json', 'text'], ['score_centi', 'integer'], ['passed', 'integer'], ['severity', 'text'], ['comment', 'text'],
        ['recording_url', 'text'], ['attachment_id', 'text'], ['transcript', 'text'], ['scored_at', 'text'], ['notified_at', 'text'], ['acknowledged_at', 'text'],
        ['disputed_at', 'text'], ['dispute_reason', 'text'], ['review_outcome', 'text'], ['review_note', 'text'], ['reviewed_at', 'text'], ['closed_at', 'text'],
        ['version', 'integer', true], ['created_at', 'text', true], ['updated_at', 'text', true],
      ])
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.references('projects.id'))
        .addColumn('scorecard_id', 'text', (c) => c.notNull().references('quality_scorecards.id'))
        .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('inspector_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('reviewer_id', 'text', (c) => c.references('users.id'))
        .execute();
      await db.schema.createIndex('quality_evaluations_agent_idx').on('quality_evaluations').columns(['org_id', 'agent_id', 'scored_at']).execute();
      await db.schema.createIndex('quality_evaluations_scored_idx').on('quality_evaluations').columns(['org_id', 'scored_at']).execute();
      await db.schema.createIndex('quality_evaluations_subject_idx').on('quality_evaluations').columns(['org_id', 'subject_kind', 'subject_id']).execute();

      await table('quality_plan_items', [['subject_kind', 'text', true], ['subject_id', 'text', true], ['due_on', 'text', true], ['occurred_at', 'text', true], ['stratum', 'text', true], ['reasons_json', 'text', true]])
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('plan_id', 'text', (c) => c.notNull().references('quality_plans.id').onDelete('cascade'))
        .addColumn('project_id', 'text', (c) => c.references('projects.id'))
        .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('inspector_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('evaluation_id', 'text', (c) => c.references('quality_evaluations.id'))
        .execute();
      await db.schema.createIndex('quality_plan_items_plan_idx').on('quality_plan_items').columns(['plan_id', 'due_on']).execute();
      await db.schema.createIndex('quality_plan_items_inspector_idx').on('quality_plan_items').columns(['org_id', 'inspector_id', 'due_on']).execute();

      await table('quality_audit', [['at', 'text', true], ['action', 'text', true], ['from_state', 'text'], ['to_state', 'text'], ['from_score_centi', 'integer'], ['to_score_centi', 'integer'], ['note', 'text']])
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('evaluation_id', 'text', (c) => c.notNull().references('quality_evaluations.id'))
        .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
        .execute();
      await db.schema.createIndex('quality_audit_eval_idx').on('quality_audit').columns(['evaluation_id', 'at']).execute();

      await table('quality_calibrations', [['name', 'text', true], ['subjects_json', 'text', true], ['inspectors_json', 'text', true], ['state', 'text', true], ['created_at', 'text', true], ['revealed_at', 'text']])
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('scorecard_id', 'text', (c) => c.notNull().references('quality_scorecards.id'))
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .execute();
      await table('quality_calibration_scores', [['subject_index', 'integer', true], ['org_id', 'text', true], ['answers_json', 'text', true], ['score_centi', 'integer', true], ['passed', 'integer', true], ['scored_at', 'text', true]])
        .addColumn('calibration_id', 'text', (c) => c.notNull().references('quality_calibrations.id').onDelete('cascade'))
        .addColumn('inspector_id', 'text', (c) => c.notNull().references('users.id'))
        .addPrimaryKeyConstraint('quality_calibration_scores_pk', ['calibration_id', 'subject_index', 'inspector_id'] as never[])
        .execute();

      await table('quality_actions', [
        ['type', 'text', true], ['step', 'text'], ['severity', 'text'], ['prior_count', 'integer'], ['state', 'text', true], ['needs_approval', 'integer', true], ['doc_no', 'text'],
        ['due_on', 'text'], ['note', 'text'], ['library_ids_json', 'text'], ['follow_up_evaluation_id', 'text'], ['created_at', 'text', true], ['decided_at', 'text'], ['acknowledged_at', 'text'], ['done_at', 'text'],
      ])
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('project_id', 'text', (c) => c.references('projects.id'))
        .addColumn('evaluation_id', 'text', (c) => c.references('quality_evaluations.id'))
        .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('decided_by', 'text', (c) => c.references('users.id'))
        .execute();
      await db.schema.createIndex('quality_actions_agent_idx').on('quality_actions').columns(['org_id', 'agent_id', 'created_at']).execute();

      await table('quality_library', [['kind', 'text', true], ['topic', 'text', true], ['title', 'text', true], ['note', 'text'], ['recording_url', 'text'], ['transcript', 'text'], ['created_at', 'text', true]])
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.references('projects.id'))
        .addColumn('evaluation_id', 'text', (c) => c.references('quality_evaluations.id'))
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .execute();
    },
  },
  '0150_quality_coaching_teams': {
    async up(db: Kysely<any>) {
      // Coaching tasks and the manager's approval of fines live on quality_actions (one list of consequences).
      for (const [c, type] of [['goal', 'text'], ['items_json', 'text'], ['source_action_id', 'text'], ['agent_note', 'text'], ['close_note', 'text'], ['fine_fen', 'integer'], ['proposed_by', 'text']] as const)
        await db.schema.alterTable('quality_actions').addColumn(c, type).execute();
      await db.schema.alterTable('quality_library').addColumn('tags_json', 'text').execute();
      await db.schema.alterTable('quality_library').addColumn('attachment_id', 'text').execute();
      await db.schema.createTable('quality_library_articles')
        .addColumn('library_id', 'text', (c) => c.notNull().references('quality_library.id').onDelete('cascade'))
        .addColumn('article_id', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('quality_library_articles_pk', ['library_id', 'article_id'] as never[])
        .execute();
      await db.schema.createIndex('quality_library_articles_article_idx').on('quality_library_articles').columns(['org_id', 'article_id']).execute();
      // Append-only trail of a consequence: proposal, amount, decision (four eyes), acknowledgement, closing.
      await db.schema.createTable('quality_action_audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('action_id', 'text', (c) => c.notNull().references('quality_actions.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('fine_fen', 'integer')
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('quality_action_audit_action_idx').on('quality_action_audit').columns(['action_id', 'at']).execute();
      await db.schema.createTable('quality_teams')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.references('projects.id'))
        .addColumn('lead_id', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('quality_teams_name_uq', ['org_id', 'name'] as never[])
        .execute();
      // One team per agent: the primary key is the member.
      await db.schema.createTable('quality_team_members')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('team_id', 'text', (c) => c.notNull().references('quality_teams.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('quality_team_members_pk', ['org_id', 'user_id'] as never[])
        .execute();
    },
  },
};
