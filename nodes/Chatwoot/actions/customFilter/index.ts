import { choice, json, text } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { CRUD, crudOperations, defineResource } from '../resource';

const TYPES: Array<[string, string]> = [['Contact', 'contact'], ['Conversation', 'conversation'], ['Report', 'report']];

/**
 * Saved filters of the token's user. Api::V1::Accounts::CustomFiltersController
 * (Chatwoot 4.15.1): `custom_filter` params name, filter_type (the spec calls it
 * `type`, which Chatwoot ignores) and query; index lists one filter_type, default
 * conversation; every record belongs to the user of the token. At most
 * Limits::MAX_CUSTOM_FILTERS_PER_USER per user.
 */
export const customFilter: ResourceSpec = {
	resource: 'customFilter', noun: 'custom filter', path: '/custom_filters', id: { name: 'customFilterId', label: 'Custom Filter', method: 'getCustomFilters' },
	fields: [
		text('name', 'Name', 'Name of the saved filter (folder) in the sidebar', { required: true }),
		choice('filter_type', 'Type', TYPES, 'conversation', 'What the filter lists', { required: true }),
		json(
			'query',
			'Query',
			'The saved conditions, as Chatwoot stores them: {"payload": [{"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"], "query_operator": null}]}',
			{ required: true, default: '{"payload": []}' },
		),
	],
	list: { filters: [choice('filter_type', 'Type', TYPES, 'conversation', 'Chatwoot lists one type at a time; Conversation when left out')] },
	notice: 'Custom filters belong to the user of the access token: other users\' filters are not listed',
	operations: CRUD,
};

export const { description, operations } = defineResource('customFilter', crudOperations(customFilter), 'getAll');
