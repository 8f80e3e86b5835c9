import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';

import pkg from '../../package.json';

/*
 * Every node (codex `.node.json`) and credential (`documentationUrl`) links to its own
 * section of this package's README, and every node also to the platform's page for its
 * subject. README anchors are checked against the headings, slugged the way GitHub does
 * (lowercase, punctuation other than "-" and "_" dropped, spaces to "-", repeats numbered).
 */

const root = resolve(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const REPO = 'https://github.com/n8n-nodes-chatwoot-chatapp/n8n-nodes-chatwoot-chatapp';

function githubAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (line.startsWith('```')) fenced = !fenced;
		const heading = !fenced && /^#{1,6} (.+)$/.exec(line);
		if (!heading) continue;
		const base = heading[1]
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		anchors.add(n ? `${base}-${n}` : base);
	}
	return anchors;
}

const anchors = githubAnchors(readme);
const readmeAnchor = (url: string) => (url.startsWith(`${REPO}#`) ? url.slice(REPO.length + 1) : undefined);
const PLATFORM_PAGE = /^https:\/\/(developers\.chatwoot\.com|www\.chatwoot\.com|chatapp\.online|api\.chatapp\.online)\//;

function codexFiles(): string[] {
	const files: string[] = [];
	for (const platform of readdirSync(join(root, 'nodes'))) {
		if (platform === 'shared') continue;
		for (const name of readdirSync(join(root, 'nodes', platform))) {
			if (name.endsWith('.node.json')) files.push(join('nodes', platform, name));
		}
	}
	return files;
}

test('the slugger agrees with GitHub on headings this README has', () => {
	expect(githubAnchors('## Node: Chatwoot Client API (customer side)\n## Queue mode (scaling)\n## A\n## A')).toEqual(
		new Set(['node-chatwoot-client-api-customer-side', 'queue-mode-scaling', 'a', 'a-1']),
	);
});

test('every node in package.json has a codex file', () => {
	const codex = codexFiles().map((f) => f.replace(/\.json$/, '.js'));
	for (const node of pkg.n8n.nodes) expect(codex).toContain(node.replace(/^dist\//, ''));
});

describe.each(codexFiles())('%s', (file) => {
	const codex = JSON.parse(readFileSync(join(root, file), 'utf8'));

	test('links its own README section and a platform page', () => {
		const primary: string[] = codex.resources.primaryDocumentation.map((d: { url: string }) => d.url);
		const own = primary.map(readmeAnchor).filter(Boolean);
		expect(own).toHaveLength(1);
		expect(own[0]).toMatch(/^node-/);
		expect(primary.some((u) => PLATFORM_PAGE.test(u))).toBe(true);
	});

	test('every README anchor it names exists', () => {
		const urls = [...codex.resources.primaryDocumentation, ...(codex.resources.credentialDocumentation ?? [])].map(
			(d: { url: string }) => d.url,
		);
		for (const anchor of urls.map(readmeAnchor).filter(Boolean)) expect(anchors).toContain(anchor);
	});
});

test.each(pkg.n8n.credentials)('%s links its own README section', (path) => {
	const source = readFileSync(join(root, path.replace(/^dist\//, '').replace(/\.js$/, '.ts')), 'utf8');
	const url = /documentationUrl = '([^']+)'/.exec(source)?.[1] ?? '';
	const anchor = readmeAnchor(url);
	expect(anchor).toMatch(/^credential-/);
	expect(anchors).toContain(anchor);
});

test('every in-page link of the README points at a heading', () => {
	const missing = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]).filter((a) => !anchors.has(a));
	expect(missing).toEqual([]);
});
