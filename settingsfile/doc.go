// Package settingsfile reads the settings of routerisk from TOML or JSON files
// and writes them as commented TOML: scenarios (risk.Settings), calibration
// targets (risk.Target), country parameters and graph settings (route.Settings).
package settingsfile
