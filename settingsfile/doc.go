// Package settingsfile reads the settings of routerisk from TOML or JSON files
// and writes them as commented TOML: scenarios (risk.Settings), calibration
// targets (risk.Target), country parameters, graph settings (route.Settings)
// and upgrade menus (plan.MenuSettings).
package settingsfile
