module github.com/acme/openrouter-go

go 1.19
