// A cucumber formatter that prints nothing: `kubehave run` writes its own report from the
// message stream, and cucumber falls back to its progress formatter when none is named.
'use strict';
const { Formatter } = require('@cucumber/cucumber');

module.exports = class SilentFormatter extends Formatter {};
