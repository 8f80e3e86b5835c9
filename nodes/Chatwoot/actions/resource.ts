import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { sortedBy, withDisplayOptions } from '../../shared/n8n/parameters';
import type { Operation, OperationMap } from '../../shared/n8n/router';
import { accountPath } from '../helpers/account';
import { limitOf, returnAllOrLimit } from '../helpers/fields';
import { extractRecord, extractRecords } from '../transport/list';
import type { PageOptions } from '../transport/paginate';
import { paginateByPage } from '../transport/paginate';
import type { ChatwootCredentialType, ChatwootRequest } from '../transport/request';
import { chatwootRequest } from '../transport/request';

import type { FieldSpec } from './fieldSpecs';
import { EXPRESSION_HINT } from './fieldSpecs';

/**
 * The CRUD operations of Chatwoot's account-level resources (labels, canned responses,
 * custom filters, webhooks, teams…), described once as data and generated here, the
 * way labels.ts generates the label operations. Operations with logic of their own
 * live in their own `<operation>.operation.ts` next to the resource's definition.
 */

/** An id parameter: a dropdown of the account's records (positive integers, or text such as portal slugs). */
export interface IdSpec {
	name: string;
	/** What it names, e.g. "Canned Response". */
	label: string;
	/** The `loadOptions` method of the dropdown. */
	method: string;
	text?: boolean;
	description?: string;
	/** A resource locator instead of the dropdown (conversations, contacts). */
	locator?: INodeProperties;
}

export interface ListSpec {
	/** Query parameters, offered in a Filters collection. */
	filters?: FieldSpec[];
	/** Walk `page=1,2,…` with these options; without, one request returns every record and Limit applies here. */
	pages?: Omit<PageOptions, 'limit'>;
}

export type CrudKind = 'getAll' | 'get' | 'create' | 'update' | 'delete';

interface Naming {
	value?: string;
	name?: string;
	action?: string;
	description?: string;
}

export interface ResourceSpec {
	resource: string;
	/** Singular noun for texts ("canned response"); `plural` defaults to noun + "s". */
	noun: string;
	plural?: string;
	/** Below the account (`/labels`), or below the installation root when it starts with `/api/` or `/platform/`; `{name}` is filled from `parents`. */
	path: string;
	/** The credential its requests use (default `chatwootApi`; the Platform node's resources `chatwootPlatformApi`). */
	credentialType?: ChatwootCredentialType;
	parents?: IdSpec[];
	/** The record's id (get, update, delete); none for singletons (account, profile). */
	id?: IdSpec;
	/** Request bodies go under this key (Chatwoot's `params.require(:x)`). */
	wrap?: string;
	/** The record sits under this key of the (payload-unwrapped) answer, e.g. `webhook`. */
	unwrap?: string;
	fields?: FieldSpec[];
	list?: ListSpec;
	/** Shown on every operation. */
	notice?: string;
	/** Operations Chatwoot allows to administrators only (its Pundit policy): said in the node, and in the error. */
	admin?: CrudKind[];
	updateMethod?: 'PATCH' | 'PUT';
	/** Fills in what the user left out of a Create body (e.g. a default read from Chatwoot). */
	complete?: (this: IExecuteFunctions, body: IDataObject, itemIndex: number) => Promise<void>;
	/** Applied to every record before it becomes an item (e.g. dropping secrets). */
	output?: (record: IDataObject) => IDataObject;
	operations: Partial<Record<CrudKind, true | Naming>>;
}

/** All five operations, named as n8n names them. */
export const CRUD: ResourceSpec['operations'] = { getAll: true, get: true, create: true, update: true, delete: true };

/** One entry of a resource's Operation dropdown with its implementation. */
export interface ResourceOperation {
	option: INodePropertyOptions & { value: string; action: string };
	operation: Operation;
}

const DEFAULT_NAMES: Record<CrudKind, string> = { getAll: 'Get Many', get: 'Get', create: 'Create', update: 'Update', delete: 'Delete' };

export function article(noun: string): string {
	return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** The id dropdown of `spec`; the value is read back by `idValue`. */
export function idProperty(spec: IdSpec): INodeProperties {
	if (spec.locator) return spec.locator;
	return {
		displayName: `${spec.label} Name or ID`,
		name: spec.name,
		type: 'options',
		typeOptions: { loadOptionsMethod: spec.method },
		default: '',
		required: true,
		description: `${spec.description ? `${spec.description} ` : ''}${EXPRESSION_HINT}`,
	};
}

export function idValue(this: IExecuteFunctions, spec: IdSpec, itemIndex: number): string {
	const raw = String(this.getNodeParameter(spec.name, itemIndex, '', { extractValue: true }) ?? '').trim();
	const valid = spec.text ? raw !== '' : /^\d+$/.test(raw) && Number(raw) > 0;
	if (!valid) {
		throw new NodeOperationError(this.getNode(), `Choose the ${spec.label.toLowerCase()}`, {
			itemIndex,
			description: raw === '' ? `Pick one from "${spec.label}", or enter its ID.` : `"${raw}" is not a ${spec.label.toLowerCase()} ID.`,
		});
	}
	return spec.text ? encodeURIComponent(raw) : raw;
}

const ROOT_PATH = /^\/(api|platform)\//;

function fill(this: IExecuteFunctions, spec: ResourceSpec, itemIndex: number, suffix = ''): string {
	return spec.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
		const parent = spec.parents?.find((p) => p.name === name);
		if (!parent) throw new Error(`Resource ${spec.resource}: no parent id "${name}"`);
		return idValue.call(this, parent, itemIndex);
	}) + suffix;
}

/** A request for `spec` (path below the account, or the root for `/api/…`), with the parsed body. */
export async function resourceRequest(
	this: IExecuteFunctions,
	spec: ResourceSpec,
	itemIndex: number,
	request: Omit<ChatwootRequest, 'path' | 'itemIndex'> & { suffix?: string },
): Promise<unknown> {
	const { suffix, ...rest } = request;
	const relative = fill.call(this, spec, itemIndex, suffix);
	const path = ROOT_PATH.test(relative) ? relative : await accountPath.call(this, itemIndex, relative);
	return await chatwootRequest.call(this, { ...rest, path, itemIndex, credentialType: spec.credentialType });
}

function recordOf(spec: ResourceSpec, body: unknown): IDataObject {
	let record = extractRecord(body);
	if (spec.unwrap && record[spec.unwrap] && typeof record[spec.unwrap] === 'object') record = record[spec.unwrap] as IDataObject;
	return spec.output ? spec.output(record) : record;
}

function setPath(target: IDataObject, key: string, value: unknown) {
	const parts = key.split('.');
	let node = target;
	for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as IDataObject;
	node[parts[parts.length - 1]] = value as IDataObject[keyof IDataObject];
}

/** A field as a collection option: never required, shown wherever the collection is. */
function asOption(field: FieldSpec): INodeProperties {
	const option = { ...field.property };
	delete option.required;
	delete option.displayOptions;
	return option;
}

function collection(name: string, displayName: string, fields: FieldSpec[], description?: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description,
		options: sortedBy(fields.map(asOption), (o) => o.displayName),
	};
}

/** The body of a Create or Update from the fields' parameters. */
export function fieldsBody(this: IExecuteFunctions, fields: FieldSpec[], kind: 'create' | 'update', itemIndex: number): IDataObject {
	const body: IDataObject = {};
	const bag = this.getNodeParameter(kind === 'create' ? 'additionalFields' : 'updateFields', itemIndex, {}) as IDataObject;
	for (const field of fields) {
		if (field.on && field.on !== kind) continue;
		const own = kind === 'create' && field.required;
		const raw = own ? this.getNodeParameter(field.property.name, itemIndex, '') : bag[field.property.name];
		if (raw === undefined || (kind === 'create' && raw === '')) {
			if (own) {
				throw new NodeOperationError(this.getNode(), `Enter ${field.property.displayName}`, {
					itemIndex,
					description: 'Chatwoot refuses to create the record without it.',
				});
			}
			continue;
		}
		const value = field.toBody ? field.toBody.call(this, raw, itemIndex) : raw;
		if (value !== undefined) setPath(body, field.key ?? field.property.name, value);
	}
	return body;
}

function wrap(spec: ResourceSpec, body: IDataObject): IDataObject {
	return spec.wrap ? { [spec.wrap]: body } : body;
}

const ADMIN_NOTICE = "Chatwoot allows this to administrators only: the credential needs an administrator's access token";

function notices(spec: ResourceSpec, kind: CrudKind): INodeProperties[] {
	const texts = [spec.notice, spec.admin?.includes(kind) ? ADMIN_NOTICE : undefined].filter((t): t is string => !!t);
	return texts.map((text, i) => ({ displayName: text, name: `${spec.resource}Notice${i || ''}`, type: 'notice', default: '' }));
}

function roleError(error: unknown, what: string): unknown {
	if (error instanceof NodeApiError && error.httpCode === '401' && /not allowed to do this/.test(error.message)) {
		error.message = `Only administrators may ${what} in Chatwoot`;
		error.description = `The credential's token belongs to an agent of this account. Use the access token of an administrator (Chatwoot → Profile Settings → Access Token) to ${what}.`;
	}
	return error;
}

/**
 * Chatwoot answers 401 "You are not authorized to do this action" when the token's
 * user lacks the role (Pundit::NotAuthorizedError in RequestExceptionHandler): on an
 * administrators-only operation, say exactly that.
 */
export function adminOnly(execute: Operation['execute'], what: string): Operation['execute'] {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		try {
			return await execute.call(this, itemIndex);
		} catch (error) {
			throw roleError(error, what);
		}
	};
}

function build(spec: ResourceSpec, kind: CrudKind): { properties: INodeProperties[]; execute: Operation['execute'] } {
	const fields = spec.fields ?? [];
	const parents = (spec.parents ?? []).map(idProperty);
	const id = spec.id ? [idProperty(spec.id)] : [];
	const idSuffix = (context: IExecuteFunctions, itemIndex: number) => (spec.id ? `/${idValue.call(context, spec.id, itemIndex)}` : '');
	switch (kind) {
		case 'getAll': {
			const filters = spec.list?.filters ?? [];
			return {
				properties: [...parents, ...returnAllOrLimit(spec.plural ?? `${spec.noun}s`), ...(filters.length ? [{ ...collection('filters', 'Filters', filters), placeholder: 'Add Filter' }] : [])],
				async execute(this: IExecuteFunctions, itemIndex: number) {
					const filterValues = filters.length ? (this.getNodeParameter('filters', itemIndex, {}) as IDataObject) : {};
					const qs: IDataObject = {};
					for (const filter of filters) {
						const raw = filterValues[filter.property.name];
						const value = raw === undefined || raw === '' ? undefined : filter.toBody ? filter.toBody.call(this, raw, itemIndex) : raw;
						if (value !== undefined) qs[filter.key ?? filter.property.name] = value as IDataObject[keyof IDataObject];
					}
					const limit = limitOf.call(this, itemIndex);
					let records: IDataObject[];
					if (spec.list?.pages) {
						const relative = fill.call(this, spec, itemIndex);
						const path = ROOT_PATH.test(relative) ? relative : await accountPath.call(this, itemIndex, relative);
						records = await paginateByPage.call(this, { method: 'GET', path, qs, itemIndex, credentialType: spec.credentialType }, { ...spec.list.pages, limit });
					} else {
						// Chatwoot returns these lists whole, without paging: Limit applies here.
						records = extractRecords(await resourceRequest.call(this, spec, itemIndex, { method: 'GET', qs }));
						if (limit !== undefined) records = records.slice(0, limit);
					}
					return spec.output ? records.map(spec.output) : records;
				},
			};
		}
		case 'get':
			return {
				properties: [...parents, ...id],
				async execute(this: IExecuteFunctions, itemIndex: number) {
					return recordOf(spec, await resourceRequest.call(this, spec, itemIndex, { method: 'GET', suffix: idSuffix(this, itemIndex) }));
				},
			};
		case 'create':
			return {
				properties: [
					...parents,
					...fields.filter((f) => f.required && f.on !== 'update').map((f) => ({ ...f.property, required: true })),
					collection('additionalFields', 'Additional Fields', fields.filter((f) => !f.required && f.on !== 'update')),
				],
				async execute(this: IExecuteFunctions, itemIndex: number) {
					const body = fieldsBody.call(this, fields, 'create', itemIndex);
					await spec.complete?.call(this, body, itemIndex);
					return recordOf(spec, await resourceRequest.call(this, spec, itemIndex, { method: 'POST', body: wrap(spec, body) }));
				},
			};
		case 'update':
			return {
				properties: [...parents, ...id, collection('updateFields', 'Update Fields', fields.filter((f) => f.on !== 'create'))],
				async execute(this: IExecuteFunctions, itemIndex: number) {
					const body = fieldsBody.call(this, fields, 'update', itemIndex);
					if (Object.keys(body).length === 0) {
						throw new NodeOperationError(this.getNode(), 'Add at least one field to update', {
							itemIndex,
							description: 'Use "Update Fields" to choose what to change.',
						});
					}
					const method = spec.updateMethod ?? 'PATCH';
					return recordOf(spec, await resourceRequest.call(this, spec, itemIndex, { method, suffix: idSuffix(this, itemIndex), body: wrap(spec, body) }));
				},
			};
		case 'delete':
			return {
				properties: [...parents, ...id],
				async execute(this: IExecuteFunctions, itemIndex: number) {
					const suffix = idSuffix(this, itemIndex);
					await resourceRequest.call(this, spec, itemIndex, { method: 'DELETE', suffix });
					return { id: spec.id?.text ? decodeURIComponent(suffix.slice(1)) : Number(suffix.slice(1)), deleted: true };
				},
			};
	}
}

/** The operations `spec` names, each with its dropdown entry. */
export function crudOperations(spec: ResourceSpec): ResourceOperation[] {
	return (Object.entries(spec.operations) as Array<[CrudKind, true | Naming]>).map(([kind, naming]) => {
		const named = naming === true ? {} : naming;
		const value = named.value ?? kind;
		const noun = kind === 'getAll' ? spec.plural ?? `${spec.noun}s` : spec.noun;
		const verb = DEFAULT_NAMES[kind];
		const { properties, execute } = build(spec, kind);
		const action = named.action ?? (kind === 'getAll' ? `Get many ${noun}` : `${verb} ${spec.id || kind === 'create' ? article(noun) : `the ${noun}`}`);
		const what = action.charAt(0).toLowerCase() + action.slice(1);
		return {
			option: { name: named.name ?? verb, value, action, ...(named.description ? { description: named.description } : {}) },
			operation: {
				description: withDisplayOptions({ show: { resource: [spec.resource], operation: [value] } }, [...properties, ...notices(spec, kind)]),
				execute: spec.admin?.includes(kind) ? adminOnly(execute, what) : execute,
			},
		};
	});
}

/** Operation dropdown (sorted) and the operation map of one resource. */
export function defineResource(resource: string, entries: ResourceOperation[], defaultOperation?: string) {
	const sorted = sortedBy(entries, (e) => e.option.name);
	const operations: OperationMap = Object.fromEntries(entries.map((e) => [e.option.value, e.operation]));
	const selector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: sorted.map((e) => e.option),
		default: '',
	};
	selector.default = defaultOperation ?? sorted[0].option.value;
	const description: INodeProperties[] = [selector, ...entries.flatMap((e) => e.operation.description)];
	return { description, operations };
}

/** An operation file's export (description + execute) as a dropdown entry. */
export function entry(option: ResourceOperation['option'], operation: Operation): ResourceOperation {
	return { option, operation };
}
