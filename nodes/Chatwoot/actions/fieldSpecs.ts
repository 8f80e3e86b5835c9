import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseJsonObject, sortedBy } from '../../shared/n8n/parameters';

/**
 * Body fields described as data. One line per field in a resource definition
 * (actions/<resource>/index.ts); the generator (resource.ts) turns them into
 * parameters, an Additional Fields / Update Fields collection and the request body.
 */
export interface FieldSpec {
	/** The parameter; its `name` is the body key unless `key` says otherwise. */
	property: INodeProperties;
	/** Body key, dotted for nesting (`config.default_locale`). */
	key?: string;
	/** Required on Create: a parameter of its own rather than an Additional Field. */
	required?: boolean;
	/** Only sent on Create, or only on Update (Chatwoot ignores it on the other). */
	on?: 'create' | 'update';
	/** Parameter value → body value; `undefined` leaves the field out. */
	toBody?: (this: IExecuteFunctions, value: unknown, itemIndex: number) => unknown;
}

export const EXPRESSION_HINT = 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';
const EXPRESSION_HINT_MANY = 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

type Extra = Partial<INodeProperties> & Pick<FieldSpec, 'key' | 'required' | 'on' | 'toBody'>;

function field(property: INodeProperties, extra: Extra = {}): FieldSpec {
	const { key, required, on, toBody, ...rest } = extra;
	return { property: { ...property, ...rest } as INodeProperties, key, required, on, toBody };
}

export const text = (name: string, displayName: string, description?: string, extra?: Extra) =>
	field({ displayName, name, type: 'string', default: '', description }, extra);

export const longText = (name: string, displayName: string, description?: string, extra?: Extra) =>
	field({ displayName, name, type: 'string', typeOptions: { rows: 4 }, default: '', description }, extra);

export const bool = (name: string, displayName: string, description: string, value = false, extra?: Extra) =>
	field({ displayName, name, type: 'boolean', default: false, description }, { default: value, ...extra });

export const integer = (name: string, displayName: string, description?: string, extra?: Extra) =>
	field({ displayName, name, type: 'number', typeOptions: { minValue: 0 }, default: 0, description }, extra);

/** A fixed choice; options are sorted by name, as n8n's lint expects. */
export function choice(name: string, displayName: string, options: Array<[string, string | number]>, value: string | number, description?: string, extra?: Extra) {
	const sorted: INodePropertyOptions[] = sortedBy(options.map(([n, v]) => ({ name: n, value: v })), (o) => o.name);
	return field({ displayName, name, type: 'options', options: sorted, default: value, description }, extra);
}

/**
 * A dropdown filled by a `loadOptions` method (several values with `many`); values
 * are sent as numbers unless `asText`.
 */
export function picker(name: string, displayName: string, method: string, description = '', extra: Extra & { asText?: boolean; many?: boolean } = {}) {
	const { asText, many, ...rest } = extra;
	const cast = (value: unknown) => (asText ? String(value) : Number(value));
	return field(
		{
			displayName: `${displayName} ${many ? 'Names or IDs' : 'Name or ID'}`,
			name,
			type: many ? 'multiOptions' : 'options',
			typeOptions: { loadOptionsMethod: method },
			default: many ? [] : '',
			description: `${description ? `${description} ` : ''}${many ? EXPRESSION_HINT_MANY : EXPRESSION_HINT}`,
		},
		{ toBody: (value) => (many ? listOf(value).map(cast) : value === '' || value === undefined ? undefined : cast(value)), ...rest },
	);
}

/** A JSON object (editor string or expression object). */
export const json = (name: string, displayName: string, description: string, extra?: Extra) =>
	field(
		{ displayName, name, type: 'json', default: '{}', description },
		{
			toBody(this: IExecuteFunctions, value, itemIndex) {
				return parseJsonObject(this.getNode(), value, displayName, itemIndex);
			},
			...extra,
		},
	);

/** A JSON array of objects (Chatwoot's conditions and actions). */
export const jsonList = (name: string, displayName: string, description: string, example: string, extra?: Extra) =>
	field(
		{ displayName, name, type: 'json', default: '[]', description },
		{
			toBody(this: IExecuteFunctions, value, itemIndex) {
				return parseJsonList(this, value, displayName, example, itemIndex);
			},
			...extra,
		},
	);

/** Comma-separated strings (or an expression array) → string[]. */
export const list = (name: string, displayName: string, description: string, extra?: Extra) =>
	field({ displayName, name, type: 'string', default: '', description }, { toBody: (value) => listOf(value), ...extra });

export function listOf(value: unknown): string[] {
	const items = Array.isArray(value) ? value : String(value ?? '').split(',');
	return [...new Set(items.map((v) => String(v).trim()).filter((v) => v !== ''))];
}

function parseJsonList(context: IExecuteFunctions, value: unknown, label: string, example: string, itemIndex: number): IDataObject[] {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = value.trim() === '' ? [] : JSON.parse(value);
		} catch {
			parsed = undefined;
		}
	}
	if (!Array.isArray(parsed) || parsed.some((entry) => !entry || typeof entry !== 'object' || Array.isArray(entry))) {
		throw new NodeOperationError(context.getNode(), `${label} must be a JSON array of objects`, {
			itemIndex,
			description: `For example ${example}`,
		});
	}
	return parsed as IDataObject[];
}
