// Copies the static files tsc does not emit next to the compiled JavaScript. n8n resolves `file:`
// icon paths relative to the compiled node/credential file, and reads a node's codex
// (<Node>.node.json) beside it, so dist/ must mirror the source layout.
const { src, dest, parallel } = require('gulp');

function buildIcons() {
	return src('icons/**/*.svg', { encoding: false }).pipe(dest('dist/icons'));
}

function buildCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

exports['build:icons'] = parallel(buildIcons, buildCodex);
