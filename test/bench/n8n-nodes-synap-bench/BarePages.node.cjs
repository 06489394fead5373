'use strict';
/**
 * The baseline of `npm run bench:n8n`'s Return All line, loaded by a real n8n as a community package:
 * the least an n8n node can do to read a JSON:API list — follow links.next through n8n's own request
 * helper (this.helpers.httpRequest, the token as a Bearer header) and output each record as is, one
 * item per record. The same loop as BarePagesNode in ../baselineNodes.cts (`npm run bench`), written
 * again here because this folder is copied into n8n's nodes folder as a package of its own.
 */
class BarePages {
	constructor() {
		this.description = {
			displayName: 'Bare Pages (bench)',
			name: 'barePages',
			group: ['transform'],
			version: 1,
			description: 'Benchmark baseline',
			defaults: { name: 'Bare Pages' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
				{ displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' },
			],
		};
	}

	async execute() {
		let url = this.getNodeParameter('url', 0);
		const token = this.getNodeParameter('token', 0);
		const out = [];
		while (url) {
			const body = await this.helpers.httpRequest({ method: 'GET', url, headers: { Authorization: `Bearer ${token}` }, json: true });
			for (const json of body.data) out.push({ json, pairedItem: { item: 0 } });
			url = body.links && body.links.next;
		}
		return [out];
	}
}

module.exports = { BarePages };
