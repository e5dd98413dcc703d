module sdkforge.example/sdk

go 1.19
