// Copies the SVG icons next to the compiled JavaScript. n8n resolves `file:` icon paths relative
// to the compiled node/credential file, so dist/ must mirror the source layout: icons/ -> dist/icons/.
const { src, dest, series } = require('gulp');

function buildIcons() {
	return src('icons/**/*.svg', { encoding: false }).pipe(dest('dist/icons'));
}

exports['build:icons'] = series(buildIcons);
