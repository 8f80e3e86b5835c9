import { bool, text } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { CRUD, crudOperations, defineResource } from '../resource';

/**
 * Account labels. Api::V1::Accounts::LabelsController (Chatwoot 4.15.1): `label` params
 * title, description, color, show_on_sidebar; index for every member, the rest for
 * administrators (LabelPolicy). Label#title is stored in lowercase.
 */
export const label: ResourceSpec = {
	resource: 'label', noun: 'label', path: '/labels', id: { name: 'labelId', label: 'Label', method: 'getLabelRecords' },
	fields: [
		text('title', 'Title', 'Letters, numbers, hyphens and underscores; Chatwoot stores it in lowercase', { required: true, placeholder: 'vip-customer' }),
		text('description', 'Description'),
		text('color', 'Color', 'Hex color such as #1F93FF', { type: 'color', default: '#1F93FF' }),
		bool('show_on_sidebar', 'Show on Sidebar', 'Whether agents see the label in the sidebar of the conversation list', true),
	],
	admin: ['get', 'create', 'update', 'delete'],
	operations: CRUD,
};

export const { description, operations } = defineResource('label', crudOperations(label), 'getAll');
