import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { resolveAccountId } from '../helpers/account';
import type { FilterModel } from '../helpers/filterKeys';
import { CUSTOM_FILTER_OPERATORS, OPERATOR_NAMES, STANDARD_FILTERS } from '../helpers/filterKeys';
import { chatwootRecords } from '../transport/request';

/** Dropdowns of the account's records (labels, canned responses, webhooks, portals…) and of filter conditions. */

async function records(this: ILoadOptionsFunctions, suffix: string, qs?: IDataObject): Promise<IDataObject[]> {
	const accountId = await resolveAccountId.call(this, 0);
	return await chatwootRecords.call(this, { method: 'GET', path: `/api/v1/accounts/${accountId}${suffix}`, qs });
}

function sorted(options: INodePropertyOptions[]): INodePropertyOptions[] {
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

function clip(text: unknown, length = 80): string {
	return String(text ?? '').replace(/\s+/g, ' ').slice(0, length);
}

export async function getLabelRecords(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const labels = await records.call(this, '/labels');
	return sorted(labels.map((l) => ({ name: String(l.title), value: Number(l.id), description: clip(l.description) })));
}

export async function getCannedResponses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const responses = await records.call(this, '/canned_responses');
	return sorted(responses.map((r) => ({ name: `/${String(r.short_code)}`, value: Number(r.id), description: clip(r.content) })));
}

export async function getCustomAttributeDefinitions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const definitions = await records.call(this, '/custom_attribute_definitions');
	return sorted(
		definitions.map((d) => ({
			name: `${String(d.attribute_display_name ?? d.attribute_key)} (${String(d.attribute_model ?? '').replace('_attribute', '')})`,
			value: Number(d.id),
			description: `${String(d.attribute_key)} · ${String(d.attribute_display_type ?? '')}`,
		})),
	);
}

export async function getCustomFilters(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	// Chatwoot lists one filter_type per request.
	const types = ['conversation', 'contact', 'report'];
	const lists = await Promise.all(types.map((filter_type) => records.call(this, '/custom_filters', { filter_type })));
	return sorted(lists.flat().map((f) => ({ name: `${String(f.name)} (${String(f.filter_type)})`, value: Number(f.id) })));
}

export async function getAutomationRules(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rules = await records.call(this, '/automation_rules');
	return sorted(rules.map((r) => ({ name: String(r.name), value: Number(r.id), description: `${String(r.event_name)}${r.active === false ? ' · inactive' : ''}` })));
}

export async function getWebhooks(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const webhooks = await records.call(this, '/webhooks');
	return sorted(webhooks.map((w) => ({ name: String(w.name || w.url), value: Number(w.id), description: String(w.url) })));
}

export async function getPortals(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const portals = await records.call(this, '/portals');
	return sorted(portals.map((p) => ({ name: String(p.name), value: String(p.slug), description: `/hc/${String(p.slug)}` })));
}

export async function getPortalCategories(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const slug = String(this.getCurrentNodeParameter('portalSlug') ?? '').trim();
	if (!slug || slug.startsWith('=')) return [];
	const categories = await records.call(this, `/portals/${encodeURIComponent(slug)}/categories`);
	return sorted(categories.map((c) => ({ name: `${String(c.name)} (${String(c.locale)})`, value: Number(c.id), description: clip(c.description) })));
}

export async function getIntegrationApps(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const apps = await records.call(this, '/integrations/apps');
	return sorted(apps.map((a) => ({ name: String(a.name), value: String(a.id), description: clip(a.short_description ?? a.description) })));
}

export async function getIntegrationHooks(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const apps = await records.call(this, '/integrations/apps');
	return sorted(
		apps.flatMap((a) =>
			((a.hooks as IDataObject[] | undefined) ?? []).map((h) => {
				const inbox = h.inbox as IDataObject | null | undefined;
				return { name: `${String(a.name)} #${String(h.id)}${inbox?.name ? ` (${String(inbox.name)})` : ''}`, value: Number(h.id), description: h.status ? 'enabled' : 'disabled' };
			}),
		),
	);
}

export async function getSlaPolicies(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const policies = await records.call(this, '/sla_policies');
	return sorted(policies.map((p) => ({ name: String(p.name), value: Number(p.id), description: clip(p.description) })));
}

async function filterAttributes(this: ILoadOptionsFunctions, model: FilterModel): Promise<INodePropertyOptions[]> {
	const standard = Object.entries(STANDARD_FILTERS[model]).map(([value, { name }]) => ({ name, value }));
	const custom = await records.call(this, '/custom_attribute_definitions', { attribute_model: model === 'contact' ? '1' : '0' });
	return [
		...sorted(standard),
		...sorted(custom.map((d) => ({ name: `${String(d.attribute_display_name ?? d.attribute_key)} (Custom)`, value: String(d.attribute_key), description: String(d.attribute_display_type ?? '') }))),
	];
}

async function filterOperators(this: ILoadOptionsFunctions, model: FilterModel): Promise<INodePropertyOptions[]> {
	const key = String(this.getCurrentNodeParameter('&attribute_key') ?? '');
	let operators = STANDARD_FILTERS[model][key]?.operators;
	if (!operators && key && !key.startsWith('=')) {
		const custom = await records.call(this, '/custom_attribute_definitions', { attribute_model: model === 'contact' ? '1' : '0' });
		const type = String(custom.find((d) => d.attribute_key === key)?.attribute_display_type ?? '');
		operators = CUSTOM_FILTER_OPERATORS[type];
		if (operators?.length === 0) {
			return [{ name: `Chatwoot Cannot Filter ${type === 'currency' ? 'Currency' : 'Percent'} Attributes`, value: '', description: 'FilterService has no type cast for them: the query it builds fails' }];
		}
	}
	return (operators ?? Object.keys(OPERATOR_NAMES)).map((value) => ({ name: OPERATOR_NAMES[value], value }));
}

export async function getContactFilterAttributes(this: ILoadOptionsFunctions) {
	return await filterAttributes.call(this, 'contact');
}

export async function getConversationFilterAttributes(this: ILoadOptionsFunctions) {
	return await filterAttributes.call(this, 'conversation');
}

export async function getContactFilterOperators(this: ILoadOptionsFunctions) {
	return await filterOperators.call(this, 'contact');
}

export async function getConversationFilterOperators(this: ILoadOptionsFunctions) {
	return await filterOperators.call(this, 'conversation');
}

export async function getAgentBots(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	// AgentBot.accessible_to: the account's bots and the installation's system bots (account_id null).
	const bots = await records.call(this, '/agent_bots');
	return sorted(
		bots.map((b) => ({
			name: `${String(b.name ?? `Bot ${String(b.id)}`)} (${String(b.id)})`,
			value: Number(b.id),
			description: b.system_bot ? 'System bot of the installation' : clip(b.outgoing_url ?? b.description),
		})),
	);
}
