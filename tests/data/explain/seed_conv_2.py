model = Sequential([
	Conv2D(1, (2,2), input_shape = (None, None, 3))
])
