// Package plan chooses defender upgrades within a budget, exactly and with a certified gap: shortest-path interdiction (max–min) and stochastic network interdiction (SNIP) by Benders decomposition with a branch-and-bound master.
package plan
