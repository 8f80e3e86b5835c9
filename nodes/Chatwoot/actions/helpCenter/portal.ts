import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { bool, list, text } from '../fieldSpecs';
import type { IdSpec, ResourceSpec } from '../resource';
import { resourceRequest } from '../resource';

/** Portals are addressed by slug in every path (PortalsController#fetch_portal, `find_by(slug:)`). */
export const portalId: IdSpec = { name: 'portalSlug', label: 'Portal', method: 'getPortals', text: true };

/**
 * Help Center portals. Api::V1::Accounts::PortalsController (Chatwoot 4.15.1): `portal`
 * params color, custom_domain, header_text, homepage_link, name, page_title, slug,
 * archived, config (allowed_locales, default_locale); name and a unique slug are
 * required. Create and update: administrators (PortalPolicy).
 */
export const portal: ResourceSpec = {
	resource: 'helpCenter', noun: 'portal', path: '/portals', id: portalId,
	fields: [
		text('name', 'Name', 'Name of the help center', { required: true, placeholder: 'Handbook' }),
		text('slug', 'Slug', 'Unique across the installation; the portal lives at /hc/<slug>', { required: true, placeholder: 'handbook' }),
		text('page_title', 'Page Title'),
		text('header_text', 'Header Text'),
		text('color', 'Color', 'Header color, as #RRGGBB', { type: 'color', default: '#1F93FF' }),
		text('homepage_link', 'Homepage Link', 'Link back to your website'),
		text('custom_domain', 'Custom Domain', 'Domain that serves the portal, such as help.example.com'),
		list('allowed_locales', 'Locales', 'Locale codes the portal offers, comma-separated, such as en, de', { key: 'config.allowed_locales' }),
		text('default_locale', 'Default Locale', 'One of the locales, such as en', { key: 'config.default_locale' }),
		bool('archived', 'Archived', 'Whether the portal is archived (not public)', false, { on: 'update' }),
	],
	admin: ['create', 'update'],
	operations: {
		create: { value: 'createPortal', name: 'Create Portal', action: 'Create a portal' },
		getAll: { value: 'getPortals', name: 'Get Many Portals', action: 'Get many portals' },
		update: { value: 'updatePortal', name: 'Update Portal', action: 'Update a portal' },
	},
};

/** The portal's default locale, for records Chatwoot requires a locale on. */
export async function portalDefaultLocale(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	const slug = decodeURIComponent(String(this.getNodeParameter(portalId.name, itemIndex, '')).trim());
	const listed = (await resourceRequest.call(this, portal, itemIndex, { method: 'GET' })) as IDataObject;
	const found = ((listed.payload as IDataObject[] | undefined) ?? []).find((p) => p.slug === slug);
	if (!found) {
		throw new NodeOperationError(this.getNode(), `No portal with the slug "${slug}" in this account`, {
			itemIndex,
			description: 'Choose the portal from the list.',
		});
	}
	const config = (found.config ?? {}) as IDataObject;
	return String(config.default_locale ?? 'en');
}
