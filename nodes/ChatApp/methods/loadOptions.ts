import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { licenseMessengerValue } from '../helpers/licenseMessenger';
import { chatAppList, chatAppPath, chatAppRequest } from '../transport/request';

function byName(a: INodePropertyOptions, b: INodePropertyOptions) {
	return a.name.localeCompare(b.name);
}

export async function fetchLicenses(this: ILoadOptionsFunctions): Promise<IDataObject[]> {
	const path = await chatAppPath.call(this, 'licenses.getAll', {});
	return chatAppList(await chatAppRequest.call(this, { method: 'GET', path })).items;
}

function messengersOf(license: IDataObject): IDataObject[] {
	return Array.isArray(license.messenger) ? (license.messenger as IDataObject[]) : [];
}

function licenseLabel(license: IDataObject): string {
	const name = String(license.licenseName ?? '').trim();
	return name ? `${name} (${license.licenseId})` : `License ${license.licenseId}`;
}

function currentParameter(this: ILoadOptionsFunctions, name: string): string {
	for (const path of [`&${name}`, name]) {
		try {
			const value = this.getCurrentNodeParameter(path);
			if (value !== undefined && value !== null && value !== '') return String(value);
		} catch {
			// '&' paths exist only inside collections; fall through to the top-level name.
		}
	}
	return '';
}

export async function getLicenses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const licenses = await fetchLicenses.call(this);
	return licenses
		.map((license) => {
			const status = (license.status as IDataObject | undefined)?.code;
			const messengers = messengersOf(license)
				.map((m) => m.name ?? m.type)
				.join(', ');
			return {
				name: licenseLabel(license),
				value: license.licenseId as number,
				description: [messengers, status ? `status: ${status}` : ''].filter(Boolean).join(' · '),
			};
		})
		.sort(byName);
}

/** Messengers of the chosen license (all licenses' messengers when none is chosen yet). */
export async function getMessengers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const licenseId = currentParameter.call(this, 'licenseId');
	const licenses = await fetchLicenses.call(this);
	const chosen = licenseId ? licenses.filter((l) => String(l.licenseId) === licenseId) : licenses;
	const seen = new Map<string, INodePropertyOptions>();
	for (const license of chosen) {
		for (const messenger of messengersOf(license)) {
			const type = String(messenger.type ?? '');
			if (!type || seen.has(type)) continue;
			seen.set(type, { name: `${messenger.name ?? type} (${type})`, value: type });
		}
	}
	return [...seen.values()].sort(byName);
}

/** Every license + messenger pair as `licenseId/messengerType` (trigger subscriptions). */
export async function getLicenseMessengers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const licenses = await fetchLicenses.call(this);
	return licenses
		.flatMap((license) =>
			messengersOf(license).map((messenger) => ({
				name: `${licenseLabel(license)} · ${messenger.name ?? messenger.type}`,
				value: licenseMessengerValue(license.licenseId, messenger.type),
			})),
		)
		.sort(byName);
}

/** Approved templates of the chosen license + messenger (WhatsApp Cloud API). */
export async function getTemplates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const licenseId = currentParameter.call(this, 'licenseId');
	const messengerType = currentParameter.call(this, 'messengerType');
	if (!licenseId || !messengerType) return [];
	const path = await chatAppPath.call(this, 'templates.getAll', { licenseId, messengerType });
	const templates = chatAppList(await chatAppRequest.call(this, { method: 'GET', path })).items;
	return templates
		.map((t) => ({
			name: String(t.name ?? t.title ?? t.id) + (t.language ? ` (${t.language})` : ''),
			value: String(t.id ?? t.name),
			description: [t.status, t.category].filter(Boolean).join(' · '),
		}))
		.sort(byName);
}
