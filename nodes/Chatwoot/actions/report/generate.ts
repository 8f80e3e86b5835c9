import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { sortedBy, withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountPath } from '../../helpers/account';
import { limitOf, returnAllOrLimit } from '../../helpers/fields';
import type { PageOptions } from '../../transport/paginate';
import { paginateByPage } from '../../transport/paginate';
import { chatwootRecords, chatwootRequest } from '../../transport/request';
import type { ResourceOperation } from '../resource';
import { adminOnly } from '../resource';

import { businessHoursOption, dimensionProperties, groupByProperty, rangeProperties, readDimension, readRange, reportZone, timezoneOffset, timezoneOption } from './params';
import type { RowContext } from './rows';

/**
 * A report operation described as data: which of the shared parameters it takes,
 * its path, and how its answer becomes rows. Generated into n8n operations here, so
 * fifteen reports do not become fifteen near-copies.
 */
export interface ReportSpec {
	value: string;
	name: string;
	action: string;
	description?: string;
	/** Below `/api/v2/accounts/{id}`, or `/api/v1/accounts/{id}` with `v1`. */
	path: string | ((this: IExecuteFunctions, itemIndex: number) => string);
	v1?: boolean;
	range?: 'required' | 'optional';
	/** Longest period Chatwoot accepts, in seconds (channel summary: 6.months, 15,778,476 s). */
	maxSeconds?: number;
	dimension?: boolean;
	groupBy?: boolean;
	/** Chatwoot reads `timezone_offset` (day, week, month boundaries): sent from the report's timezone. */
	offset?: boolean;
	businessHours?: boolean;
	/** Parameters of its own, above the Options. */
	properties?: INodeProperties[];
	/** Options of its own (filters). */
	options?: INodeProperties[];
	/** Query parameters of its own. */
	query?: (this: IExecuteFunctions, itemIndex: number, options: IDataObject) => IDataObject;
	/** Paged lists: Return All / Limit over `page=1,2,…`. */
	pages?: Omit<PageOptions, 'limit'>;
	/** Adds `name` to each row from one of the account's lists, matched by `id`. */
	names?: string;
	rows: (body: unknown, context: RowContext, records?: IDataObject[]) => IDataObject[];
	/** Who may run it in Chatwoot: administrators only, unless `agents`. */
	agents?: boolean;
	notice?: string;
}

const ADMIN_NOTICE = "Chatwoot shows reports to administrators only: the credential needs an administrator's access token";

function optionsCollection(spec: ReportSpec): INodeProperties[] {
	const options = [...(spec.options ?? []), ...(spec.range || spec.offset ? [timezoneOption] : []), ...(spec.businessHours ? [businessHoursOption] : [])];
	if (options.length === 0) return [];
	return [{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: sortedBy(options, (o) => o.displayName) }];
}

function propertiesOf(spec: ReportSpec): INodeProperties[] {
	const notices = [spec.agents ? undefined : ADMIN_NOTICE, spec.notice].filter((t): t is string => !!t);
	return [
		...(spec.dimension ? dimensionProperties : []),
		...(spec.range ? rangeProperties(spec.range === 'required') : []),
		...(spec.groupBy ? [groupByProperty] : []),
		...(spec.properties ?? []),
		...(spec.pages ? returnAllOrLimit('rows') : []),
		...optionsCollection(spec),
		...notices.map((text, i): INodeProperties => ({ displayName: text, name: `reportNotice${i || ''}`, type: 'notice', default: '' })),
	];
}

async function withNames(this: IExecuteFunctions, itemIndex: number, list: string, rows: IDataObject[]): Promise<IDataObject[]> {
	const records = await chatwootRecords.call(this, { method: 'GET', path: await accountPath.call(this, itemIndex, list), itemIndex });
	const names = new Map(records.map((r) => [Number(r.id), r.name]));
	return rows.map(({ id, ...rest }) => ({ id, name: names.get(Number(id)) ?? null, ...rest }));
}

function executeOf(spec: ReportSpec) {
	return async function (this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
		const hasOptions = optionsCollection(spec).length > 0;
		const options = hasOptions ? (this.getNodeParameter('options', itemIndex, {}) as IDataObject) : {};
		const zone = hasOptions ? reportZone.call(this, itemIndex) : this.getTimezone();
		const qs: IDataObject = {};
		if (spec.dimension) Object.assign(qs, readDimension.call(this, itemIndex));
		if (spec.range) {
			const range = readRange.call(this, itemIndex, zone, spec.range === 'required', spec.maxSeconds);
			if (range) Object.assign(qs, range);
		}
		const groupBy = spec.groupBy ? (this.getNodeParameter('groupBy', itemIndex, 'day') as string) : undefined;
		if (groupBy) qs.group_by = groupBy;
		if (spec.offset) qs.timezone_offset = timezoneOffset(zone);
		if (spec.businessHours && options.businessHours === true) qs.business_hours = true;
		Object.assign(qs, spec.query?.call(this, itemIndex, options));

		const relative = typeof spec.path === 'function' ? spec.path.call(this, itemIndex) : spec.path;
		const v1 = await accountPath.call(this, itemIndex, relative);
		const path = spec.v1 ? v1 : v1.replace(/^\/api\/v1\//, '/api/v2/');
		const context: RowContext = { zone, groupBy, metric: qs.metric as string | undefined };
		let rows: IDataObject[];
		if (spec.pages) {
			const records = await paginateByPage.call(this, { method: 'GET', path, qs, itemIndex }, { ...spec.pages, limit: limitOf.call(this, itemIndex) });
			rows = spec.rows(records, context, records);
		} else {
			rows = spec.rows(await chatwootRequest.call(this, { method: 'GET', path, qs, itemIndex }), context);
		}
		return spec.names ? await withNames.call(this, itemIndex, spec.names, rows) : rows;
	};
}

/** The report operations, each with its dropdown entry. */
export function reportOperations(specs: ReportSpec[]): ResourceOperation[] {
	return specs.map((spec) => {
		const execute = executeOf(spec);
		const what = spec.action.charAt(0).toLowerCase() + spec.action.slice(1);
		return {
			option: { name: spec.name, value: spec.value, action: spec.action, ...(spec.description ? { description: spec.description } : {}) },
			operation: {
				description: withDisplayOptions({ show: { resource: ['report'], operation: [spec.value] } }, propertiesOf(spec)),
				execute: spec.agents ? execute : adminOnly(execute, what),
			},
		};
	});
}
