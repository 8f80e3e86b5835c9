import type { IDataObject } from 'n8n-workflow';

import type { ResourceSpec } from '../resource';
import { crudOperations, defineResource } from '../resource';

/**
 * Api::V1::Accounts::AuditLogsController#show (Chatwoot 4.15.1, enterprise): newest
 * first, 25 per page (RESULTS_PER_PAGE), {per_page, total_entries, current_page,
 * audit_logs}; administrators only. An account without the audit_logs feature answers
 * an empty list.
 */
export const auditLog: ResourceSpec = {
	resource: 'auditLog', noun: 'audit log entry', plural: 'audit log entries', path: '/audit_logs',
	list: {
		pages: {
			pageSize: 25,
			total: (_meta, body) => Number((body as IDataObject | undefined)?.total_entries ?? 0) || undefined,
			records: (body) => ((body as IDataObject | undefined)?.audit_logs as IDataObject[] | undefined) ?? [],
		},
	},
	notice: 'Audit logs are an Enterprise feature: where the account does not have it, Chatwoot answers an empty list',
	admin: ['getAll'],
	operations: { getAll: { action: 'Get many audit log entries', description: 'Who changed what in the account, newest first' } },
};

export const { description, operations } = defineResource('auditLog', crudOperations(auditLog), 'getAll');
