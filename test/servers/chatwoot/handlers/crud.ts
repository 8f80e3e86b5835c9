import type { FakeChatwoot, RecordedRequest, Reply } from '../server';
import type { Row } from '../state';

import { body, NOT_FOUND, num } from './common';

export type Action = 'index' | 'show' | 'create' | 'update' | 'destroy';

/**
 * One Rails `resources` controller of Chatwoot's account API, as the fake serves it:
 * strong params (`params.require(wrap).permit(...)`, with ParamsWrapper accepting the
 * flat JSON the spec documents), presence and uniqueness validations answered as
 * RequestExceptionHandler#render_record_invalid does, Pundit roles answered with
 * 401 "You are not authorized to do this action", and the jbuilder envelopes.
 */
export interface CrudSpec {
	/** Route template below the account, e.g. `/labels`; `:param` parts scope the rows. */
	path: string;
	rows: () => Row[];
	actions: Action[];
	/** `params.require(:wrap)`; undefined = top-level params (`params.permit`). */
	wrap?: string;
	permit: string[];
	required?: string[];
	unique?: string;
	/** Actions Chatwoot's policy allows to administrators only. */
	admin?: Action[];
	/** Record → its jbuilder view. */
	view?: (row: Row) => Row;
	/** Envelope of index and of one record. */
	list?: (rows: Row[]) => unknown;
	one?: (row: Row) => unknown;
	/** The envelope of create where it differs from show/update (automation_rules/create.json.jbuilder has none). */
	created?: (row: Row) => unknown;
	/** Index query (`search`, `filter_type`…) and the rows a request sees (e.g. the parent's). */
	filter?: (rows: Row[], request: RecordedRequest, params: Record<string, string>) => Row[];
	/** Before validation: normalise (downcase), default, or refuse with a reply. */
	prepare?: (fields: Row, params: Record<string, string>, existing?: Row) => Reply | undefined;
	/** Key the path's `:id` matches (portals use `slug`). */
	idKey?: string;
	destroyStatus?: number;
}

const UNAUTHORIZED: Reply = { status: 401, body: { error: 'You are not authorized to do this action' } };

/** ActiveSupport's String#humanize, as errors.full_messages uses it ("app_id" → "App"). */
function humanize(key: string): string {
	const text = key.replace(/_id$/, '').replace(/_/g, ' ');
	return text.charAt(0).toUpperCase() + text.slice(1);
}

export function invalid(key: string, problem: string): Reply {
	return { status: 422, body: { message: `${humanize(key)} ${problem}`, attributes: [key] } };
}

export function registerCrud(fake: FakeChatwoot, spec: CrudSpec) {
	const { state } = fake;
	const base = `/api/v1/accounts/:account_id${spec.path}`;
	const idKey = spec.idKey ?? 'id';
	const view = spec.view ?? ((row: Row) => row);
	const denied = (action: Action, accountId: string) => (spec.admin?.includes(action) && state.role(num(accountId)) !== 'administrator' ? UNAUTHORIZED : undefined);
	const scoped = (request: RecordedRequest, params: Record<string, string>) => {
		const rows = spec.rows().filter((r) => r.account_id === num(params.account_id));
		return spec.filter ? spec.filter(rows, request, params) : rows;
	};
	const find = (request: RecordedRequest, params: Record<string, string>) => scoped(request, params).find((r) => String(r[idKey]) === params.id);
	const permitted = (request: RecordedRequest) => {
		const raw = body(request);
		const source = (spec.wrap && raw[spec.wrap] && typeof raw[spec.wrap] === 'object' ? raw[spec.wrap] : raw) as Row;
		return Object.fromEntries(spec.permit.filter((k) => k in source).map((k) => [k, source[k]])) as Row;
	};
	const validate = (request: RecordedRequest, params: Record<string, string>, fields: Row, existing?: Row): Reply | undefined => {
		if (spec.wrap && Object.keys(permitted(request)).length === 0) {
			return { status: 422, body: { error: `param is missing or the value is empty: ${spec.wrap}` } };
		}
		const prepared = spec.prepare?.(fields, params, existing);
		if (prepared) return prepared;
		const merged = { ...existing, ...fields };
		for (const key of spec.required ?? []) if (merged[key] === undefined || merged[key] === null || merged[key] === '') return invalid(key, "can't be blank");
		if (spec.unique && scoped(request, params).some((r) => r !== existing && r[spec.unique!] === merged[spec.unique!])) return invalid(spec.unique, 'has already been taken');
		return undefined;
	};
	const one = spec.one ?? ((row: Row) => view(row));

	if (spec.actions.includes('index')) {
		fake.route('GET', base, (request, params) => denied('index', params.account_id) ?? { body: (spec.list ?? ((rows: Row[]) => rows.map(view)))(scoped(request, params)) });
	}
	if (spec.actions.includes('create')) {
		fake.route('POST', base, (request, params) => {
			const refused = denied('create', params.account_id);
			if (refused) return refused;
			const fields = permitted(request);
			const problem = validate(request, params, fields);
			if (problem) return problem;
			const now = new Date(state.tick() * 1000).toISOString();
			const row: Row = { id: state.nextId('record'), account_id: num(params.account_id), created_at: now, updated_at: now, ...fields };
			spec.rows().push(row);
			return { body: (spec.created ?? one)(row) };
		});
	}
	/** A member route: the role check, then the record (404 when it is not the account's). */
	const member = (method: string, action: Action, handle: (row: Row, request: RecordedRequest) => Reply) => {
		if (!spec.actions.includes(action)) return;
		fake.route(method, `${base}/:id`, (request, params) => {
			const row = find(request, params);
			return denied(action, params.account_id) ?? (row ? handle(row, request) : NOT_FOUND);
		});
	};
	member('GET', 'show', (row) => ({ body: one(row) }));
	member('PATCH', 'update', (row, request) => {
		const fields = permitted(request);
		const problem = validate(request, { account_id: String(row.account_id) }, fields, row);
		if (problem) return problem;
		Object.assign(row, fields, { updated_at: new Date(state.tick() * 1000).toISOString() });
		return { body: one(row) };
	});
	member('DELETE', 'destroy', (row) => {
		spec.rows().splice(spec.rows().indexOf(row), 1);
		return { status: spec.destroyStatus ?? 200 };
	});
}
