import { choice, list, longText, text } from '../fieldSpecs';
import type { ResourceSpec } from '../resource';
import { CRUD, crudOperations, defineResource } from '../resource';

const MODELS: Array<[string, string]> = [['Contact', '1'], ['Conversation', '0']];
/** CustomAttributeDefinition#attribute_display_type, by enum value. */
const DISPLAY_TYPES = ['Text', 'Number', 'Currency', 'Percent', 'Link', 'Date', 'List', 'Checkbox'].map((name, value): [string, number] => [name, value]);

const asInteger = (value: unknown) => Number(value);

/**
 * Custom attribute definitions. Api::V1::Accounts::CustomAttributeDefinitionsController
 * (Chatwoot 4.15.1): `custom_attribute_definition` params; attribute_model and
 * attribute_display_type are enums of CustomAttributeDefinition (integers on the wire,
 * as the spec has them). Index without attribute_model lists both models
 * (`with_attribute_model` is a no-op for nil). Create, update, delete: administrators.
 */
export const customAttribute: ResourceSpec = {
	resource: 'customAttribute', noun: 'custom attribute', path: '/custom_attribute_definitions', id: { name: 'customAttributeId', label: 'Custom Attribute', method: 'getCustomAttributeDefinitions' },
	fields: [
		text('attribute_display_name', 'Display Name', 'Label shown to agents', { required: true, placeholder: 'Order ID' }),
		text('attribute_key', 'Key', 'Key under custom_attributes: letters, numbers, ".", "-" and "_"', { required: true, placeholder: 'order_id' }),
		choice('attribute_model', 'Applies To', MODELS, '0', 'Whether the attribute belongs to contacts or to conversations', { required: true, toBody: asInteger }),
		choice('attribute_display_type', 'Type', DISPLAY_TYPES, 0, 'How Chatwoot shows and validates the value', { required: true, toBody: asInteger }),
		longText('attribute_description', 'Description'),
		list('attribute_values', 'List Values', 'For the List type: the allowed values, comma-separated'),
		text('regex_pattern', 'Regex Pattern', 'For the Text type: values must match this regular expression'),
		text('regex_cue', 'Regex Cue', 'For the Text type: the hint shown when a value does not match the pattern'),
	],
	list: { filters: [choice('attribute_model', 'Applies To', MODELS, '1', 'Only the attributes of contacts or of conversations; leave out for both')] },
	admin: ['create', 'update', 'delete'],
	operations: CRUD,
};

export const { description, operations } = defineResource('customAttribute', crudOperations(customAttribute), 'getAll');
